/**
 * The shape of bench/results.json, the goals each figure is judged against, and the printed table. Every
 * key is always written; a figure that could not be measured is `null` with the reason in `errors` (or, for
 * the harvest, in `details.harvest`).
 */

/**
 * The keys issue #9 asks for, in table order, plus two that split the gallery append: the real per-image
 * `Gallery.add` (file fsync'd, index row) and the index row alone, which is the work a JSON-array append
 * does (that design stores no image); then the waits a user feels that issue #17 asks for: start-up to the
 * first page, the rebuild, a save, and the main thread's stalls during each kind of heavy work; then the
 * window's own figures that issue #16 asks for: long tasks, frame times and elements while a 100k-image
 * gallery scrolls in Chromium.
 */
export const RESULT_KEYS = [
  'gallery_append_ms_100k',
  'json_array_append_ms_100k',
  'gallery_append_ratio',
  'gallery_index_append_ms_100k',
  'gallery_index_append_ratio',
  'gallery_search_ms_p95_100k',
  'json_array_search_ms_p95_100k',
  'gallery_search_ratio',
  'gallery_first_page_ms_100k',
  'json_array_first_page_ms_100k',
  'gallery_first_page_ratio',
  'session_restore_us_p50',
  'session_restore_cryptojs_us_p50',
  'session_restore_ratio',
  'refresh_storm_session_fetches',
  'generation_overhead_ms_p50',
  'requests_per_generation',
  'requests_per_generation_library',
  'harvest_latency_ms',
  'gallery_page_bytes',
  'main_rss_mb_100k',
  'vault_kill_soak',
  'start_to_first_page_ms_100k',
  'start_to_first_page_ms_100k_after_index_loss',
  'rebuild_ms_100k',
  'save_ms_p50_1024px',
  'thumbnail_ms_p50_1024px',
  'main_loop_stall_ms_p99_rebuild_100k',
  'main_loop_stall_ms_max_rebuild_100k',
  'main_loop_stall_ms_p99_60_saves',
  'main_loop_stall_ms_max_60_saves',
  'main_loop_stall_ms_p99_export_1000',
  'main_loop_stall_ms_max_export_1000',
  'main_loop_stall_ms_p99_200_searches',
  'main_loop_stall_ms_max_200_searches',
  'renderer_long_tasks_scroll_100k',
  'renderer_long_task_ms_max_scroll_100k',
  'renderer_frame_ms_p95_scroll_100k',
  'renderer_dom_nodes_100k',
] as const;

/** The keys the renderer section writes (issue #16): what scrolling a 100k-image gallery costs the window. */
export const RENDERER_KEYS = [
  'renderer_long_tasks_scroll_100k',
  'renderer_long_task_ms_max_scroll_100k',
  'renderer_frame_ms_p95_scroll_100k',
  'renderer_dom_nodes_100k',
] as const satisfies readonly (typeof RESULT_KEYS)[number][];

export type ResultKey = (typeof RESULT_KEYS)[number];
export type Figures = Record<ResultKey, number | string | null>;

export interface BenchResults extends Figures {
  readonly meta: Record<string, unknown>;
  /** Breakdowns and secondary figures, by section. */
  readonly details: Record<string, unknown>;
  /** Sections that failed, with the error message. */
  readonly errors: Record<string, string>;
}

interface Goal {
  readonly text: string;
  /** True when met; `null` when it cannot be judged (no figure). */
  readonly met: (results: BenchResults) => boolean | null;
  /**
   * A guard is not a goal: the figure is not something a user feels, but a change that made it much worse
   * would be a regression worth looking into.
   */
  readonly guard?: true;
}

const at = (results: BenchResults, key: ResultKey): number | null => {
  const value = results[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};
const atMost = (key: ResultKey, limit: number): Goal['met'] => (results) => {
  const value = at(results, key);
  return value === null ? null : value <= limit;
};
const atLeast = (key: ResultKey, limit: number): Goal['met'] => (results) => {
  const value = at(results, key);
  return value === null ? null : value >= limit;
};

export const PAGE_BYTES_GOAL = 2 * 1024 * 1024;

/** Elements in the window while its gallery holds 100k images: what a few screens of tiles need, not 100k of them. */
export const RENDERER_DOM_NODES_GOAL = 2_000;
/** A frame the user sees as smooth scrolling (issue #16). */
const SMOOTH_FRAME_MS = 20;

/** A frame at 60 Hz: the main thread should answer within it. */
const FRAME_MS = 16;
/** A pause anyone notices. */
const VISIBLE_PAUSE_MS = 50;

const stallGoals = (work: string): Partial<Record<ResultKey, Goal>> => {
  const p99 = `main_loop_stall_ms_p99_${work}` as ResultKey;
  const max = `main_loop_stall_ms_max_${work}` as ResultKey;
  return { [p99]: { text: `≤ ${FRAME_MS} ms`, met: atMost(p99, FRAME_MS) }, [max]: { text: `≤ ${VISIBLE_PAUSE_MS} ms`, met: atMost(max, VISIBLE_PAUSE_MS) } };
};

export const GOALS: Partial<Record<ResultKey, Goal>> = {
  // The whole save, file fsync'd: issue #17 set its goal (save_ms_p50_1024px, the same figure), the durable
  // write being the floor. Issue #9's 1 ms and 300× are the index row's, which is what a JSON-array append does.
  gallery_append_ms_100k: { text: '≤ 20 ms (as save_ms_…)', met: atMost('gallery_append_ms_100k', 20) },
  gallery_index_append_ms_100k: { text: '≤ 1 ms', met: atMost('gallery_index_append_ms_100k', 1) },
  gallery_index_append_ratio: { text: '≥ 300×', met: atLeast('gallery_index_append_ratio', 300) },
  gallery_search_ms_p95_100k: { text: '≤ 10 ms', met: atMost('gallery_search_ms_p95_100k', 10) },
  gallery_first_page_ms_100k: { text: '≤ 5 ms', met: atMost('gallery_first_page_ms_100k', 5) },
  // Once per start and invisible next to everything else a start does (issue #17): a guard, not a goal.
  session_restore_us_p50: { text: 'guard: ≤ 500 µs', met: atMost('session_restore_us_p50', 500), guard: true },
  session_restore_ratio: { text: 'guard: ≥ 1×', met: atLeast('session_restore_ratio', 1), guard: true },
  refresh_storm_session_fetches: {
    text: '= 1',
    met: (results) => (at(results, 'refresh_storm_session_fetches') === null ? null : results.refresh_storm_session_fetches === 1),
  },
  generation_overhead_ms_p50: { text: '≤ 2 ms', met: atMost('generation_overhead_ms_p50', 2) },
  harvest_latency_ms: {
    text: '≤ 1 round trip + 50 ms',
    met: (results) => {
      const harvest = at(results, 'harvest_latency_ms');
      const roundTrip = (results.details['harvest'] as { roundTripMs?: unknown } | undefined)?.roundTripMs;
      return harvest === null || typeof roundTrip !== 'number' ? null : harvest <= roundTrip + 50;
    },
  },
  gallery_page_bytes: { text: '≤ 2 MiB', met: atMost('gallery_page_bytes', PAGE_BYTES_GOAL) },
  main_rss_mb_100k: { text: '≤ 50 MB', met: atMost('main_rss_mb_100k', 50) },
  start_to_first_page_ms_100k: { text: '≤ 500 ms', met: atMost('start_to_first_page_ms_100k', 500) },
  start_to_first_page_ms_100k_after_index_loss: { text: '≤ 1,000 ms', met: atMost('start_to_first_page_ms_100k_after_index_loss', 1000) },
  rebuild_ms_100k: { text: '≤ 15,000 ms', met: atMost('rebuild_ms_100k', 15_000) },
  save_ms_p50_1024px: { text: '≤ 20 ms', met: atMost('save_ms_p50_1024px', 20) },
  ...stallGoals('rebuild_100k'),
  ...stallGoals('60_saves'),
  ...stallGoals('export_1000'),
  ...stallGoals('200_searches'),
  renderer_long_tasks_scroll_100k: {
    text: '= 0 (none over 50 ms)',
    met: (results) => (at(results, 'renderer_long_tasks_scroll_100k') === null ? null : results.renderer_long_tasks_scroll_100k === 0),
  },
  renderer_long_task_ms_max_scroll_100k: { text: `≤ ${VISIBLE_PAUSE_MS} ms`, met: atMost('renderer_long_task_ms_max_scroll_100k', VISIBLE_PAUSE_MS) },
  renderer_frame_ms_p95_scroll_100k: { text: `≤ ${SMOOTH_FRAME_MS} ms`, met: atMost('renderer_frame_ms_p95_scroll_100k', SMOOTH_FRAME_MS) },
  renderer_dom_nodes_100k: {
    text: `≤ ${RENDERER_DOM_NODES_GOAL.toLocaleString('en-US')}, bounded`,
    met: atMost('renderer_dom_nodes_100k', RENDERER_DOM_NODES_GOAL),
  },
  vault_kill_soak: {
    text: 'every kill survived',
    met: (results) => {
      const value = results.vault_kill_soak;
      if (typeof value !== 'string') return null;
      const [survived, kills] = value.split('/').map(Number);
      return survived === kills && (kills ?? 0) > 0;
    },
  },
};

/** A Markdown table (aligned, so it reads in a terminal too): figure, value, goal, verdict. */
export function formatTable(results: BenchResults): string {
  const rows = RESULT_KEYS.map((key) => {
    const goal = GOALS[key];
    const met = goal?.met(results);
    const verdict = goal === undefined ? '' : met === null ? 'n/a' : goal.guard ? (met ? 'ok' : 'REGRESSED') : met ? 'meets' : 'MISSES';
    return [`\`${key}\``, formatValue(results[key]), goal?.text ?? '', verdict];
  });
  const header = ['figure', 'value', 'goal', 'verdict'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function formatValue(value: number | string | null | undefined): string {
  if (value === undefined) return '(missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : String(value);
}
