/**
 * Small building blocks for the shared schemas. Requests from the renderer are parsed with `plainObject`
 * (strict: an unknown field is an error); replies and events with `z.object`, which drops fields the
 * contract does not name, so nothing else an implementation's object carries reaches the renderer.
 */
import { z } from 'zod';

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A strict object that must also be a plain object: zod's object schemas accept a `Date`, `Map` or
 * `RegExp` (structured clone delivers those) as an object without fields.
 */
export function plainObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.custom<unknown>(isPlainObject, 'Expected a plain object.').pipe(z.strictObject(shape));
}

/** Epoch milliseconds. */
export const timestamp = z.number().int().min(0).max(8.64e15);
