/**
 * Runs every benchmark section in one process, one after another (so they do not compete for the two
 * cores), and assembles bench/results.json. A section that fails leaves its keys `null` and its error in
 * `errors`; the others still run.
 */
import os from 'node:os';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BenchOptions, BenchSection } from './bench-options.ts';
import type { BenchResults, Figures } from './bench-results.ts';
import { RESULT_KEYS } from './bench-results.ts';
import { runGalleryBench, type GalleryBenchResult } from './gallery-bench.ts';
import { runGenerationBench, type GenerationFigures } from './generation-bench.ts';
import { runHarvestBench, type HarvestFigures } from './harvest-bench.ts';
import { runJsonArrayBench, type JsonArrayFigures } from './json-array-bench.ts';
import { runMemoryBench, type MemoryFigures } from './memory-bench.ts';
import { runRefreshStormBench, type RefreshStormFigures } from './refresh-storm-bench.ts';
import { runRendererBench, type RendererFigures } from './renderer-bench.ts';
import { runSessionRestoreBench, type SessionRestoreFigures } from './session-restore-bench.ts';
import { runSoakBench, type SoakFigures } from './soak-bench.ts';
import { round } from './stats.ts';

interface Sections {
  gallery: GalleryBenchResult | null;
  jsonArray: JsonArrayFigures | null;
  memory: MemoryFigures | null;
  sessionRestore: SessionRestoreFigures | null;
  refreshStorm: RefreshStormFigures | null;
  generation: GenerationFigures | null;
  harvest: HarvestFigures | null;
  soak: SoakFigures | null;
  renderer: RendererFigures | null;
}

/** Runs the bench in `<workDir>/imagefx-bench` (emptied first, removed at the end). */
export async function runBench(requested: BenchOptions): Promise<BenchResults> {
  const started = performance.now();
  const loadBefore = os.loadavg();
  // A folder of our own inside the one given: never empty a folder someone pointed us at.
  const options: BenchOptions = { ...requested, workDir: path.join(requested.workDir, 'imagefx-bench') };
  await rm(options.workDir, { recursive: true, force: true });
  await mkdir(options.workDir, { recursive: true });
  const errors: Record<string, string> = {};
  const section = async <T>(name: BenchSection, work: () => Promise<T>): Promise<T | null> => {
    if (options.only && !options.only.includes(name)) return null;
    try {
      return await work();
    } catch (error) {
      errors[name] = error instanceof Error ? (error.stack ?? error.message) : String(error);
      options.log(`${name}: FAILED ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };

  const gallery = await section('gallery', () => runGalleryBench(options));
  const jsonArray = gallery ? await section('jsonArray', () => runJsonArrayBench(options, gallery.rowsFile)) : null;
  const memory =
    gallery && jsonArray
      ? await section('memory', () => runMemoryBench(gallery.directory, path.join(options.workDir, 'json-array'), options.log))
      : null;
  const sections: Sections = {
    gallery,
    jsonArray,
    memory,
    sessionRestore: await section('sessionRestore', () => runSessionRestoreBench(options)),
    refreshStorm: await section('refreshStorm', () => runRefreshStormBench(options)),
    generation: await section('generation', () => runGenerationBench(options)),
    harvest: await section('harvest', () => runHarvestBench(options)),
    soak: await section('soak', () => runSoakBench(options.soakKills, options.log)),
    renderer: await section('renderer', () => runRendererBench(options)),
  };
  await rm(options.workDir, { recursive: true, force: true });

  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    loadAverageBefore: loadBefore.map((load) => round(load, 2)),
    loadAverageAfter: os.loadavg().map((load) => round(load, 2)),
    durationSeconds: round((performance.now() - started) / 1000, 1),
    options: { ...requested, workDir: undefined, log: undefined, only: undefined },
    ...(requested.only ? { only: requested.only } : {}),
  };
  return { ...figuresOf(sections), meta, details: detailsOf(sections), errors };
}

const ratio = (alternative: number | undefined, ours: number | undefined): number | null =>
  alternative === undefined || ours === undefined || ours <= 0 ? null : round(alternative / ours, 1);

function figuresOf(sections: Sections): Figures {
  const gallery = sections.gallery?.figures;
  const json = sections.jsonArray ?? undefined;
  const restore = sections.sessionRestore ?? undefined;
  const figures: Figures = {
    gallery_append_ms_100k: gallery?.append.saveMsP50 ?? null,
    json_array_append_ms_100k: json?.appendMsP50 ?? null,
    gallery_append_ratio: ratio(json?.appendMsP50, gallery?.append.saveMsP50),
    gallery_index_append_ms_100k: gallery?.indexAppend.msP50 ?? null,
    gallery_index_append_ratio: ratio(json?.appendMsP50, gallery?.indexAppend.msP50),
    gallery_search_ms_p95_100k: gallery?.searchMsP95 ?? null,
    json_array_search_ms_p95_100k: json?.searchMsP95 ?? null,
    gallery_search_ratio: ratio(json?.searchMsP95, gallery?.searchMsP95),
    gallery_first_page_ms_100k: gallery?.firstPageMsP50 ?? null,
    json_array_first_page_ms_100k: json?.firstPageMsP50 ?? null,
    gallery_first_page_ratio: ratio(json?.firstPageMsP50, gallery?.firstPageMsP50),
    session_restore_us_p50: restore?.vaultUsP50 ?? null,
    session_restore_cryptojs_us_p50: restore?.cryptoJsUsP50 ?? null,
    session_restore_ratio: ratio(restore?.cryptoJsUsP50, restore?.vaultUsP50),
    refresh_storm_session_fetches: sections.refreshStorm?.sessionFetches ?? null,
    generation_overhead_ms_p50: sections.generation?.overheadMsP50 ?? null,
    requests_per_generation: sections.generation?.requestsPerGenerationService ?? null,
    requests_per_generation_library: sections.generation?.requestsPerGenerationLibrary ?? null,
    harvest_latency_ms: sections.harvest?.latencyMs ?? null,
    gallery_page_bytes: gallery?.pageBytes.total ?? null,
    main_rss_mb_100k: sections.memory?.galleryRssOverBaselineMb ?? null,
    vault_kill_soak: sections.soak ? `${sections.soak.survived}/${sections.soak.kills}` : null,
    start_to_first_page_ms_100k: gallery?.intact.firstPageMs ?? null,
    start_to_first_page_ms_100k_after_index_loss: gallery?.afterIndexLoss.firstPageMs ?? null,
    rebuild_ms_100k: gallery?.afterIndexLoss.reconcileMs ?? null,
    save_ms_p50_1024px: gallery?.append.saveMsP50 ?? null,
    thumbnail_ms_p50_1024px: gallery?.append.thumbnailMsP50 ?? null,
    main_loop_stall_ms_p99_rebuild_100k: gallery?.afterIndexLoss.stalls.p99Ms ?? null,
    main_loop_stall_ms_max_rebuild_100k: gallery?.afterIndexLoss.stalls.maxMs ?? null,
    main_loop_stall_ms_p99_60_saves: gallery?.append.saveStalls.p99Ms ?? null,
    main_loop_stall_ms_max_60_saves: gallery?.append.saveStalls.maxMs ?? null,
    main_loop_stall_ms_p99_export_1000: gallery?.export.stalls.p99Ms ?? null,
    main_loop_stall_ms_max_export_1000: gallery?.export.stalls.maxMs ?? null,
    main_loop_stall_ms_p99_200_searches: gallery?.searchStalls.p99Ms ?? null,
    main_loop_stall_ms_max_200_searches: gallery?.searchStalls.maxMs ?? null,
    renderer_long_tasks_scroll_100k: sections.renderer?.longTasks ?? null,
    renderer_long_task_ms_max_scroll_100k: sections.renderer?.longTaskMsMax ?? null,
    renderer_frame_ms_p95_scroll_100k: sections.renderer?.frameMsP95 ?? null,
    renderer_dom_nodes_100k: sections.renderer?.domNodesMax ?? null,
  };
  // Every key, always: the smoke test and readers of the file rely on it.
  for (const key of RESULT_KEYS) figures[key] ??= null;
  return figures;
}

function detailsOf(sections: Sections): Record<string, unknown> {
  const gallery = sections.gallery?.figures;
  const json = sections.jsonArray;
  const restore = sections.sessionRestore;
  return {
    gallery: gallery ?? null,
    jsonArray: json,
    memory: sections.memory,
    sessionRestore: restore && {
      ...restore,
      // Unwrap + decrypt + parse only (no store files): the cryptographic part of the comparison.
      cryptoOnlyRatio: ratio(restore.cryptoJsDecryptOnlyUsP50, restore.vaultUnwrapUsP50 + restore.vaultLoadOnlyUsP50),
    },
    refreshStorm: sections.refreshStorm,
    generation: sections.generation,
    harvest: sections.harvest,
    soak: sections.soak,
    renderer: sections.renderer,
  };
}
