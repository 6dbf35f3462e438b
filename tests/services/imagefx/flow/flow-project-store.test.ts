/**
 * The Flow project each account generates into, in the plain settings: remembered, carried to the same
 * Google account's next sign-in (a new id), never overwriting a project that id already has, and never
 * read from an entry that is not a project id.
 */
import { describe, expect, it } from 'vitest';
import { KeyValueFlowProjectStore } from '../../../../src/services/imagefx/flow/flow-project-store.ts';
import { MemoryKeyValueStore } from '../../../support/memory-key-value-store.ts';

describe('KeyValueFlowProjectStore', () => {
  it('carries an account’s project to its new id, and forgets the old id', () => {
    const store = new MemoryKeyValueStore();
    const projects = new KeyValueFlowProjectStore(store);
    projects.remember('old', 'proj-1');
    projects.carry('old', 'new');
    expect(projects.projectOf('new')).toBe('proj-1');
    expect(projects.projectOf('old')).toBeNull();
    expect(store.get('flow.projects')).toEqual({ new: 'proj-1' });
  });

  it('keeps a project the new id already has, and carries nothing from an id without one', () => {
    const projects = new KeyValueFlowProjectStore(new MemoryKeyValueStore());
    projects.remember('old', 'proj-1');
    projects.remember('new', 'proj-2');
    projects.carry('old', 'new');
    expect(projects.projectOf('new')).toBe('proj-2');
    projects.carry('nobody', 'other');
    expect(projects.projectOf('other')).toBeNull();
  });

  it('reads only project ids: a hand-edited or older entry is no project', () => {
    const store = new MemoryKeyValueStore();
    store.set('flow.projects', { a: 'proj-1', b: 'has spaces', c: 7, d: null });
    const projects = new KeyValueFlowProjectStore(store);
    expect(['a', 'b', 'c', 'd', 'toString'].map((id) => projects.projectOf(id))).toEqual(['proj-1', null, null, null, null]);
    store.set('flow.projects', ['proj-1']);
    expect(projects.projectOf('0')).toBeNull();
  });
});
