/**
 * What a generation backend offers and what it is given besides a prompt: its capabilities (the UI draws
 * its model list, aspect choices and limits from them), reference pictures staged in the main process, and
 * the export of the app's redacted diagnostic captures. One schema each, types inferred.
 */
import { z } from 'zod';
import { imageBackendSchema } from './auth-schemas.ts';
import { ASPECT_RATIOS, IMAGE_MODELS, MAX_REFERENCE_IMAGE_BYTES } from './generation-options.ts';
import { referenceIdSchema } from './generation-schemas.ts';
import { plainObject } from './schema-kit.ts';

/** The picture types a reference may be (sniffed from its bytes, never taken from a name). */
export const REFERENCE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** What one backend can do for the account it serves. */
export const backendCapabilitiesSchema = z.object({
  backend: imageBackendSchema,
  /** For people: "Google Flow", "ImageFX (classic)". */
  label: z.string(),
  /** Models it accepts: wire id and friendly name, in the order to offer them (the first is the default). */
  models: z.array(z.object({ id: z.enum(IMAGE_MODELS), name: z.string() })),
  /** Aspect ratios it accepts, with a label such as "3:4". */
  aspectRatios: z.array(z.object({ id: z.enum(ASPECT_RATIOS), label: z.string() })),
  /** Images per request: 1 to this. */
  maxImages: z.number().int().min(1),
  /** Whether a fixed seed is honoured (Flow's page picks its own seeds). */
  seed: z.boolean(),
  /** Reference pictures per request; 0 when the backend takes none. */
  maxReferenceImages: z.number().int().min(0),
  /** Whether `caption:describe` works on this backend. */
  captions: z.boolean(),
});
export type BackendCapabilities = z.infer<typeof backendCapabilitiesSchema>;

/** A picture to stage as a reference: its bytes (type sniffed, size capped). */
export const referenceUploadSchema = plainObject({
  bytes: z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength >= 1 && bytes.byteLength <= MAX_REFERENCE_IMAGE_BYTES, {
    message: `A reference image must have 1 byte to ${MAX_REFERENCE_IMAGE_BYTES / (1024 * 1024)} MB.`,
  }),
});
export type ReferenceUpload = z.infer<typeof referenceUploadSchema>;

/** A staged reference: the id a request names it by, and the type its bytes turned out to be. */
export const stagedReferenceSchema = z.object({
  id: referenceIdSchema,
  mimeType: z.enum(REFERENCE_IMAGE_TYPES),
});
export type StagedReference = z.infer<typeof stagedReferenceSchema>;

/** What `diagnostics:export` wrote; `null` (instead) when the user cancelled the save dialog. */
export const diagnosticsExportSchema = z.object({
  file: z.string(),
  captures: z.number().int().min(0),
});
export type DiagnosticsExport = z.infer<typeof diagnosticsExportSchema>;
