/**
 * The error a promise rejects with, checked to be an `AppError` (or a subclass such as
 * `ImageServiceError`), for tests that look at a failure's code, reason and message.
 */
import { expect } from 'vitest';
import { AppError } from '../../src/shared/app-error.ts';

export async function rejectionOf<T extends AppError = AppError>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T = AppError as never): Promise<T> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}
