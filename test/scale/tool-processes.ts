import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port nobody listens on right now (the tool process binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const READY_LINE = 'Ability programme LTI tool is running';

export interface ToolProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm start`'s entry point (lti-tool/server/main.ts) as a real child process on its own port, answering /healthz
 * before this resolves. `env` is the process environment on top of a test default (no demo, quiet logs).
 */
export async function startToolProcess(port: number, env: Record<string, string>): Promise<ToolProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'lti-tool/server/main.ts'], {
    env: { ...process.env, NODE_ENV: 'test', DEMO: '0', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  // Ready when the start-up banner is out (with WORKERS > 1 the primary prints it once every worker listens) and
  // /healthz answers; an early exit fails with the process's own output.
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tool process exited (${child.exitCode}):\n${output}`);
    const healthy =
      output.includes(READY_LINE) &&
      (await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
