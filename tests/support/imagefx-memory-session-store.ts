/**
 * An in-memory `SessionStore` for the image-service tests: the real `SecureSessionManager` runs on it
 * without a vault, so those tests exercise the same session code the app uses.
 */
import type { SessionStore } from '../../src/auth/session/session-manager-ports.ts';
import type { StorageSummary } from '../../src/shared/auth-schemas.ts';
import type { SessionRecord } from '../../src/auth/session/session-record.ts';

export class MemorySessionStore implements SessionStore {
  readonly records = new Map<string, SessionRecord>();

  async load(accountId: string): Promise<{ status: 'ok'; record: SessionRecord } | { status: 'empty' }> {
    const record = this.records.get(accountId);
    return record ? { status: 'ok', record } : { status: 'empty' };
  }

  async save(accountId: string, record: SessionRecord): Promise<void> {
    this.records.set(accountId, record);
  }

  async remove(accountId: string): Promise<void> {
    this.records.delete(accountId);
  }

  storageStatus(): StorageSummary {
    return { mode: 'memory-only', reason: 'test store' };
  }
}
