/**
 * The recorded workflow histories under test/fixtures/histories/ (`npm run histories:record` writes them,
 * test/unit/replay/replay-histories.test.ts replays them) and the TEST-ONLY codec key their payloads are
 * encrypted with. That key protects nothing: the recordings run against the emulator with throwaway orgs and
 * passwords. It is committed so that replay can decode workflow inputs; it is never a deployment's key.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import type { temporal } from '@temporalio/proto';
import { createDataConverter } from '../../codec/data-converter.js';
import { parseKeyring } from '../../codec/keys.js';

export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const TEST_CODEC_KEY_FILE = path.join(HISTORIES_DIR, 'TEST-ONLY-codec-key.txt');

/** The HYBRID_CODEC_KEY format, `keyId:base64`. */
export async function fixtureCodecKey(): Promise<string> {
  // The file starts with comment lines (parseKeyring skips them), so it can say what it is.
  return readFile(TEST_CODEC_KEY_FILE, 'utf8');
}

export async function fixtureDataConverter(): Promise<DataConverter> {
  return createDataConverter({ keyring: parseKeyring(await fixtureCodecKey(), TEST_CODEC_KEY_FILE) });
}

/** `<scenario>.traced.json`: recorded by a worker with the OpenTelemetry workflow interceptor. */
export const TRACED_SUFFIX = '.traced';

export interface FixtureHistory {
  /** The file name without `.json`, e.g. `provision-compensated`. */
  name: string;
  history: temporal.api.history.v1.IHistory;
}

export async function loadFixtureHistories(): Promise<FixtureHistory[]> {
  const files = (await readdir(HISTORIES_DIR)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      name: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(await readFile(path.join(HISTORIES_DIR, file), 'utf8'))),
    })),
  );
}
