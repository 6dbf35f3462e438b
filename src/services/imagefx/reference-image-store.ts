/**
 * Reference pictures staged in the main process. The renderer hands the bytes over once
 * (`generation:add-reference`) and gets an opaque id; requests and jobs carry only ids, so no picture ever
 * travels with a job across IPC. The type is sniffed from the bytes (size was capped at the boundary); the
 * store keeps the most recent few in memory and forgets the oldest first.
 */
import { AppError } from '../../shared/app-error.ts';
import { REFERENCE_IMAGE_TYPES, type ReferenceUpload, type StagedReference } from '../../shared/backend-schemas.ts';
import { pictureMimeType, sniffPictureType } from './image-signature.ts';

/** A staged reference with its bytes, as a backend receives it. */
export type ReferenceImage = StagedReference & { readonly bytes: Uint8Array };

/** How many staged pictures are kept (a few requests' worth); adding more forgets the oldest. */
export const MAX_STAGED_REFERENCES = 16;

export interface ReferenceImageStoreOptions {
  /** Cryptographically random bytes (`crypto.randomBytes`): ids must not be guessable from one another. */
  readonly randomBytes: (size: number) => Uint8Array;
  readonly capacity?: number;
}

export class ReferenceImageStore {
  readonly #randomBytes: (size: number) => Uint8Array;
  readonly #capacity: number;
  /** Insertion order is recency order: a use moves an entry to the end. */
  readonly #images = new Map<string, ReferenceImage>();

  constructor(options: ReferenceImageStoreOptions) {
    this.#randomBytes = options.randomBytes;
    this.#capacity = options.capacity ?? MAX_STAGED_REFERENCES;
  }

  /** Stages a picture; INVALID_INPUT when its bytes are not a JPEG, PNG or WebP picture. */
  add(upload: ReferenceUpload): StagedReference {
    const type = sniffPictureType(upload.bytes);
    const mimeType = type === null ? null : pictureMimeType(type);
    if (mimeType === null || !isReferenceType(mimeType)) {
      throw new AppError('INVALID_INPUT', 'A reference image must be a JPEG, PNG or WebP picture.');
    }
    const id = `ref-${Buffer.from(this.#randomBytes(16)).toString('hex')}`;
    this.#images.set(id, { id, mimeType, bytes: Uint8Array.from(upload.bytes) });
    for (const oldest of this.#images.keys()) {
      if (this.#images.size <= this.#capacity) break;
      this.#images.delete(oldest);
    }
    return { id, mimeType };
  }

  /** The staged pictures `ids` name, in order; INVALID_INPUT when one is no longer (or never was) staged. */
  resolve(ids: readonly string[]): ReferenceImage[] {
    return ids.map((id) => {
      const image = this.#images.get(id);
      if (!image) {
        throw new AppError('INVALID_INPUT', `A reference image is no longer available (the app keeps the last ${this.#capacity}). Add it again.`);
      }
      this.#images.delete(id);
      this.#images.set(id, image);
      return image;
    });
  }
}

function isReferenceType(mimeType: string): mimeType is StagedReference['mimeType'] {
  return (REFERENCE_IMAGE_TYPES as readonly string[]).includes(mimeType);
}
