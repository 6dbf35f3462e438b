/**
 * Whether a backend can serve a request, decided before anything is sent: a model, aspect ratio, image
 * count, fixed seed or reference pictures the backend does not offer is INVALID_INPUT with a sentence that
 * names what it does offer, so the user can fix the request rather than learn it from Google.
 */
import { AppError } from '../../shared/app-error.ts';
import type { BackendCapabilities } from '../../shared/backend-schemas.ts';
import { IMAGE_MODEL_NAMES } from '../../shared/generation-options.ts';
import type { GenerateRequest } from '../../shared/generation-schemas.ts';

function refuse(message: string): never {
  throw new AppError('INVALID_INPUT', message);
}

/** Throws INVALID_INPUT when `capabilities` do not cover `request`. */
export function assertBackendServes(capabilities: BackendCapabilities, request: GenerateRequest): void {
  const { label } = capabilities;
  if (!capabilities.models.some((model) => model.id === request.model)) {
    const offered = capabilities.models.map((model) => `${model.name} (${model.id})`).join(', ');
    refuse(`${label} does not offer ${IMAGE_MODEL_NAMES[request.model]} (${request.model}). Its models: ${offered}.`);
  }
  if (!capabilities.aspectRatios.some((aspect) => aspect.id === request.aspectRatio)) {
    const offered = capabilities.aspectRatios.map((aspect) => aspect.label).join(', ');
    refuse(`${label} does not offer the aspect ratio ${request.aspectRatio}. Its aspect ratios: ${offered}.`);
  }
  if (request.count > capabilities.maxImages) {
    refuse(`${label} makes 1 to ${capabilities.maxImages} images per request; ${request.count} were asked for.`);
  }
  if (request.seed !== null && !capabilities.seed) {
    refuse(`${label} picks its own seeds; leave the seed empty (each image's seed is recorded with it).`);
  }
  const references = request.referenceIds?.length ?? 0;
  if (references > capabilities.maxReferenceImages) {
    refuse(
      capabilities.maxReferenceImages === 0
        ? `${label} does not take reference images.`
        : `${label} takes at most ${capabilities.maxReferenceImages} reference images per request; ${references} were given.`,
    );
  }
}
