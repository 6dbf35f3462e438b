/**
 * Resident memory with 100k images, each design in a fresh child process (see rss-child.ts): the gallery
 * opened at start (index already built: the reconciler lists the 100k files and the index's ids) plus a
 * first page and searches, against the JSON array read into memory (which is what every read of it does).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { round } from './stats.ts';

const CHILD = fileURLToPath(new URL('./rss-child.ts', import.meta.url));

export interface MemoryFigures {
  readonly galleryItemsIndexed: number;
  readonly galleryRssOverBaselineMb: number;
  readonly galleryBaselineRssMb: number;
  readonly jsonArrayRssOverBaselineMb: number;
}

interface ChildReport {
  readonly baselineMb: number;
  readonly loadedMb: number;
  readonly items: number | null;
}

export async function runMemoryBench(galleryDirectory: string, jsonArrayUserData: string, log: (line: string) => void): Promise<MemoryFigures> {
  log('memory: RSS over baseline in child processes (gallery, JSON array)');
  const database = new DatabaseSync(path.join(galleryDirectory, 'index.sqlite'), { readOnly: true });
  const indexed = Number(database.prepare('SELECT count(*) AS n FROM images').get()?.['n']);
  database.close();
  const gallery = await runChild('gallery', galleryDirectory);
  const jsonArray = await runChild('json-array', jsonArrayUserData);
  return {
    galleryItemsIndexed: indexed,
    galleryRssOverBaselineMb: round(gallery.loadedMb - gallery.baselineMb, 1),
    galleryBaselineRssMb: round(gallery.baselineMb, 1),
    jsonArrayRssOverBaselineMb: round(jsonArray.loadedMb - jsonArray.baselineMb, 1),
  };
}

function runChild(design: string, folder: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', '--expose-gc', CHILD, design, folder], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`rss child (${design}) exited with ${code}: ${stderr.trim()}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildReport);
      } catch (error) {
        reject(new Error(`rss child (${design}) printed no report: ${stdout} ${stderr}`, { cause: error }));
      }
    });
  });
}
