/**
 * The Create page's feed logic: running and waiting jobs first in the order they will run, finished
 * ones newest first; each saved picture shown under the job that produced it (by media id, or by prompt
 * while the job's own report is still on its way).
 */
import { describe, expect, it } from 'vitest';
import { assignItems, FEED_ACTIVE_JOBS, FEED_FINISHED_JOBS, feedJobs } from '../../src/renderer/views/job-feed-view.ts';
import type { GalleryItem } from '../../src/shared/gallery-schemas.ts';
import type { GenerationJob, JobStatus } from '../../src/shared/generation-schemas.ts';
import { imageInfoFixture, jobFixture } from '../support/job-fixtures.ts';

function job(id: string, status: JobStatus, createdAt: number, prompt = `prompt ${id}`, mediaIds: string[] = []): GenerationJob {
  const base = jobFixture(id, status);
  return { ...base, request: { ...base.request, prompt, count: 2 }, images: mediaIds.map((mediaId) => imageInfoFixture(mediaId, prompt)), createdAt };
}

function item(id: string, prompt: string, mediaId: string): GalleryItem {
  return { id, prompt, seed: 1, model: 'IMAGEN_3_5', aspectRatio: 'IMAGE_ASPECT_RATIO_SQUARE', mediaId, createdAt: 0, favourite: false, width: 64, height: 64 };
}

describe('feedJobs', () => {
  it('puts the running job first, then the waiting ones in the queue’s order, then finished jobs newest first', () => {
    const jobs = [job('job-1', 'completed', 1), job('job-2', 'failed', 2), job('job-5', 'paused', 5), job('job-3', 'queued', 4), job('job-4', 'running', 3)];
    expect(feedJobs(jobs).shown.map((entry) => entry.id)).toEqual(['job-4', 'job-5', 'job-3', 'job-2', 'job-1']);
  });

  it('shows a few active and the latest finished jobs, and counts the ones it leaves to the Queue', () => {
    const active = Array.from({ length: 130 }, (_, index) => job(`job-${index + 1}`, index === 0 ? 'running' : 'queued', index));
    const finished = Array.from({ length: 70 }, (_, index) => job(`job-${index + 200}`, 'completed', 1000 + index));
    const { shown, moreActive, moreFinished } = feedJobs([...finished, ...active]);
    expect(shown).toHaveLength(FEED_ACTIVE_JOBS + FEED_FINISHED_JOBS);
    expect([moreActive, moreFinished]).toEqual([130 - FEED_ACTIVE_JOBS, 70 - FEED_FINISHED_JOBS]);
    expect(shown[FEED_ACTIVE_JOBS]!.id).toBe('job-269'); // the newest finished
  });
});

describe('assignItems', () => {
  it('matches by media id, then gives a running job the unclaimed pictures with its prompt, oldest first', () => {
    const done = job('job-1', 'completed', 1, 'fox', ['m1', 'm2']);
    const running = job('job-2', 'running', 2, 'fox');
    const items = [item('c', 'fox', 'm4'), item('b', 'fox', 'm3'), item('a2', 'fox', 'm2'), item('a1', 'fox', 'm1')]; // newest first
    const assigned = assignItems([done, running], items);
    expect(assigned.get('job-1')!.map((entry) => entry.id)).toEqual(['a1', 'a2']);
    expect(assigned.get('job-2')!.map((entry) => entry.id)).toEqual(['b', 'c']);
  });

  it('never gives a running job an older picture with the same prompt (saved before its run began)', () => {
    const running = { ...job('job-2', 'running', 2, 'fox'), startedAt: 500 };
    const old = { ...item('old', 'fox', 'm-old'), createdAt: 100 };
    const fresh = { ...item('new', 'fox', 'm-new'), createdAt: 600 };
    expect(assignItems([running], [fresh, old]).get('job-2')!.map((entry) => entry.id)).toEqual(['new']);
  });

  it('never gives a picture to two jobs, nor more pictures than a job asked for', () => {
    const first = job('job-1', 'running', 1, 'same');
    const second = job('job-2', 'running', 2, 'same');
    const items = ['e', 'd', 'c', 'b', 'a'].map((id) => item(id, 'same', ''));
    const assigned = assignItems([first, second], items);
    const all = [...assigned.values()].flat().map((entry) => entry.id);
    expect(new Set(all).size).toBe(all.length);
    expect(assigned.get('job-1')).toHaveLength(2);
    expect(assigned.get('job-2')).toHaveLength(2);
  });
});
