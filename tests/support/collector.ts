/**
 * A second origin on loopback that accepts anything (HTTP, WebSocket upgrade
 * attempts) and appends one JSON line per request to a log file. Tests read
 * the file: it must stay empty.
 */
import { appendFileSync, mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startCollector(): Promise<{ url: string; logPath: string; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'imglio-collector-'));
  const logPath = join(dir, 'requests.jsonl');
  writeFileSync(logPath, '');
  const record = (entry: Record<string, unknown>): void => appendFileSync(logPath, `${JSON.stringify(entry)}\n`);
  const server = createServer((request, response) => {
    let size = 0;
    request.on('data', (chunk: Buffer) => (size += chunk.length));
    request.on('end', () => {
      record({ method: request.method, url: request.url, bodyBytes: size });
      response.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
      response.end('collected');
    });
  });
  server.on('upgrade', (request, socket) => {
    record({ method: 'UPGRADE', url: request.url });
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    logPath,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

export function readCollected(logPath: string): Array<Record<string, unknown>> {
  return readFileSync(logPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
