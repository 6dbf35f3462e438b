/**
 * The cost of our layer over ImageFX, against the emulator with 50 ms injected on every request (a round
 * trip to Google, roughly): `ImageFXService.generate` (validation, a token from the session layer, recovery
 * policy, the pinned library with its session fetch skipped) against what the old recipe did,
 * `new ImageFX(cookie).generateImage(prompt)` (which fetches the session before every call). Runs are
 * interleaved so that load on the machine hits both paths alike; requests per generation come from the
 * emulator's request log. The service is also timed against its own backend called directly, which
 * isolates the service's policy code from the network.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ImageFX, Prompt } from '@rohitaryal/imagefx-api';
import { systemClock } from '../src/core/clock.ts';
import { installEmulatorDispatcher } from '../src/app/demo/emulator-routing.ts';
import { ImageFXLibraryBackend } from '../src/services/imagefx/imagefx-library-backend.ts';
import type { GenerateRequest } from '../src/shared/generation-schemas.ts';
import { classicImageService } from '../tests/support/classic-image-service.ts';
import { startEmulator } from '../tests/support/emulator/index.ts';
import type { BenchOptions } from './bench-options.ts';
import { signedInSession } from './bench-session.ts';
import { median, round, timeMs } from './stats.ts';

export const INJECTED_LATENCY_MS = 50;
const WARM_UP_RUNS = 3;

export interface GenerationFigures {
  readonly latencyMs: number;
  readonly serviceMsP50: number;
  readonly libraryMsP50: number;
  /** Service p50 minus the library's p50 (negative: the service is faster). */
  readonly overheadMsP50: number;
  /** Service p50 minus its backend's p50 (the same single request without the service's policy). */
  readonly serviceLayerMsP50: number;
  readonly requestsPerGenerationService: number;
  readonly requestsPerGenerationLibrary: number;
}

const REQUEST = { prompt: 'a misty lighthouse on a cliff at dusk', count: 4, aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', seed: 1234, model: 'IMAGEN_3_5' } as const satisfies GenerateRequest;

export async function runGenerationBench(options: BenchOptions): Promise<GenerationFigures> {
  options.log(`generation: ${options.generationRuns} runs per path, ${INJECTED_LATENCY_MS} ms injected latency`);
  const userData = path.join(options.workDir, 'generation');
  await rm(userData, { recursive: true, force: true });
  const emu = await startEmulator();
  const restore = installEmulatorDispatcher(emu.route);
  try {
    const session = await signedInSession(emu, systemClock, userData);
    const backend = new ImageFXLibraryBackend({ clock: systemClock });
    const service = classicImageService({ session: session.manager, wire: backend, clock: systemClock, random: Math.random });
    const libraryPrompt = (): Prompt =>
      new Prompt({ prompt: REQUEST.prompt, numberOfImages: REQUEST.count, aspectRatio: REQUEST.aspectRatio, seed: REQUEST.seed, generationModel: REQUEST.model });
    const paths = {
      service: async () => expectImages((await service.generate(REQUEST)).images.length),
      library: async () => expectImages((await new ImageFX(session.cookieHeader).generateImage(libraryPrompt())).length),
      backend: async () => {
        const credentials = { cookieHeader: session.manager.getCookieHeader(), accessToken: await session.manager.getToken() };
        expectImages((await backend.generate(credentials, { ...REQUEST })).length);
      },
    };
    emu.control.setLatency(INJECTED_LATENCY_MS);
    const samples = { service: [] as number[], library: [] as number[], backend: [] as number[] };
    const requests = { service: [] as number[], library: [] as number[] };
    for (let run = -WARM_UP_RUNS; run < options.generationRuns; run += 1) {
      for (const name of ['service', 'library', 'backend'] as const) {
        emu.resetLog();
        const ms = await timeMs(paths[name]);
        if (run < 0) continue;
        samples[name].push(ms);
        if (name !== 'backend') requests[name].push(emu.requests.all().length);
      }
    }
    session.manager.dispose();
    const p50 = { service: median(samples.service), library: median(samples.library), backend: median(samples.backend) };
    return {
      latencyMs: INJECTED_LATENCY_MS,
      serviceMsP50: round(p50.service, 2),
      libraryMsP50: round(p50.library, 2),
      overheadMsP50: round(p50.service - p50.library, 2),
      serviceLayerMsP50: round(p50.service - p50.backend, 2),
      requestsPerGenerationService: median(requests.service),
      requestsPerGenerationLibrary: median(requests.library),
    };
  } finally {
    restore();
    await emu.close();
  }
}

function expectImages(count: number): void {
  if (count < 1) throw new Error('a generation returned no images');
}
