/**
 * Setup helper: a real S3-compatible object store for the tests. OpenStack
 * Swift from Debian's packages with its s3api middleware, single node on
 * loopback, in a temporary folder: memcached, the account, container and
 * object servers and the proxy, each a process of its own on a free port,
 * stopped by pid (see ../shared/NOTES-object-storage.md for the recipe and
 * its pitfalls). One store per test file; a fresh bucket per test.
 *
 * `objectStoreUnavailable()` says why there is no store (Swift not
 * installed): the tests that need one skip and say so. `.ci/run` installs it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

/** Swift's tempauth user of the proxy config below: S3 access key and secret. */
export const storeKeys = { accessKeyId: 'test:tester', secretAccessKey: 'testing' } as const;

const python = '/usr/bin/python3';
const daemons = {
  account: '/usr/bin/swift-account-server',
  container: '/usr/bin/swift-container-server',
  object: '/usr/bin/swift-object-server',
  proxy: '/usr/bin/swift-proxy-server',
} as const;

/** Why no store can be started here, or undefined when one can. */
export function objectStoreUnavailable(): string | undefined {
  const missing = [...Object.values(daemons), python].filter((p) => !existsSync(p));
  if (missing.length > 0)
    return `OpenStack Swift is not installed (${missing.join(', ')} missing): apt-get install --no-install-recommends swift-proxy swift-account swift-container swift-object memcached`;
  if (spawnSync(python, ['-c', 'import swift.common.ring'], { stdio: 'ignore' }).status !== 0)
    return `${python} cannot import swift (python3-swift missing)`;
  return undefined;
}

export interface ObjectStore {
  /** http://127.0.0.1:port of the S3 API. */
  readonly endpoint: string;
  readonly port: number;
  /** The variables a kluis process needs to reach the store (endpoint, region, keys). */
  readonly env: Record<string, string>;
  /** A client of the store for the test's own checks. */
  readonly client: S3Client;
  /** A new empty bucket with a unique name. */
  bucket(label?: string): Promise<string>;
  /** Keys of the complete objects under a prefix. */
  keys(bucket: string, prefix?: string): Promise<string[]>;
  /** Keys of the multipart uploads not completed nor aborted. */
  uploads(bucket: string): Promise<string[]>;
  /** Stops the S3 API (the proxy) as a failed store would be; `startProxy` brings it back on the same port. */
  stopProxy(): Promise<void>;
  startProxy(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function backendConf(kind: 'account' | 'container' | 'object', port: number, root: string, user: string): string {
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
mount_check = false
disable_fallocate = true
devices = ${root}/srv
swift_dir = ${root}/etc
user = ${user}
log_level = WARNING

[pipeline:main]
pipeline = ${kind}-server

[app:${kind}-server]
use = egg:swift#${kind}
`;
}

function proxyConf(port: number, memcachePort: number, root: string, user: string): string {
  const filters = [
    'catch_errors',
    'gatekeeper',
    'healthcheck',
    'proxy_logging',
    'listing_formats',
    'bulk',
    'copy',
    'dlo',
    'versioned_writes',
    'symlink',
  ];
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
swift_dir = ${root}/etc
user = ${user}
log_level = WARNING

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo versioned_writes symlink proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
max_upload_part_num = 10000

[filter:slo]
use = egg:swift#slo
max_manifest_segments = 10000

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${memcachePort}

[filter:proxy-logging]
use = egg:swift#proxy_logging

${filters
  .filter((f) => f !== 'proxy_logging')
  .map((f) => `[filter:${f}]\nuse = egg:swift#${f}\n`)
  .join('\n')}`;
}

const ringScript = `
import sys
from swift.common.ring import RingBuilder
etc = sys.argv[1]
for kind, port in zip(('account', 'container', 'object'), sys.argv[2:5]):
    b = RingBuilder(8, 1, 1)
    b.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': int(port), 'device': 'd1', 'weight': 100, 'meta': ''})
    b.rebalance()
    b.get_ring().save('%s/%s.ring.gz' % (etc, kind))
`;

/** The status of a HEAD or GET, or 0 when nothing answers. */
function statusOf(port: number, path: string, method = 'HEAD'): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function waitFor(what: string, ready: () => Promise<boolean>, process: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`${what} exited: ${log()}`);
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not get ready: ${log()}`);
}

/** Starts a store; call `stop()` in an `after`. */
export async function startObjectStore(): Promise<ObjectStore> {
  const why = objectStoreUnavailable();
  if (why) throw new Error(why);
  const root = mkdtempSync(join(tmpdir(), 'kluis-swift-'));
  const etc = join(root, 'etc');
  mkdirSync(etc);
  mkdirSync(join(root, 'srv', 'd1'), { recursive: true });
  const user = userInfo().username;
  const [account, container, object, proxy, memcache] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const ports = { account: account!, container: container!, object: object!, proxy: proxy!, memcache: memcache! };
  for (const kind of ['account', 'container', 'object'] as const)
    writeFileSync(join(etc, `${kind}-server.conf`), backendConf(kind, ports[kind], root, user));
  writeFileSync(join(etc, 'proxy-server.conf'), proxyConf(ports.proxy, ports.memcache, root, user));
  // Every daemon reads /etc/swift/swift.conf (hash prefix and suffix) from that fixed path; Debian ships one.
  if (!existsSync('/etc/swift/swift.conf')) {
    mkdirSync('/etc/swift', { recursive: true });
    writeFileSync(
      '/etc/swift/swift.conf',
      `[swift-hash]\nswift_hash_path_suffix = ${randomBytes(8).toString('hex')}\nswift_hash_path_prefix = ${randomBytes(8).toString('hex')}\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n`,
    );
  }
  const rings = spawnSync(
    python,
    ['-c', ringScript, etc, String(ports.account), String(ports.container), String(ports.object)],
    {
      encoding: 'utf8',
    },
  );
  if (rings.status !== 0) throw new Error(`building Swift's rings failed: ${rings.stderr}`);

  const running: ChildProcess[] = [];
  const logs = new Map<ChildProcess, string>();
  const launch = (file: string, args: string[]) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const keep = (b: Buffer) => {
      log = (log + b.toString()).slice(-4000);
      logs.set(child, log);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    running.push(child);
    return child;
  };
  const memcached = launch('/usr/bin/memcached', [
    '-l',
    '127.0.0.1',
    '-p',
    String(ports.memcache),
    '-U',
    '0',
    '-m',
    '16',
    '-u',
    user,
  ]);
  for (const kind of ['account', 'container', 'object'] as const) {
    const child = launch(daemons[kind], [join(etc, `${kind}-server.conf`)]);
    await waitFor(
      `swift ${kind} server`,
      async () => (await statusOf(ports[kind], '/d1/0/a')) > 0,
      child,
      () => logs.get(child) ?? '',
    );
  }
  let proxyProcess: ChildProcess | undefined;
  const startProxy = async () => {
    const child = launch(daemons.proxy, [join(etc, 'proxy-server.conf')]);
    proxyProcess = child;
    await waitFor(
      'swift proxy',
      async () => (await statusOf(ports.proxy, '/healthcheck', 'GET')) === 200,
      child,
      () => logs.get(child) ?? '',
    );
  };
  const stopProcess = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  };
  const stopAll = () => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', stopAll);
  try {
    await startProxy();
  } catch (err) {
    stopAll();
    throw err;
  }
  void memcached;

  const endpoint = `http://127.0.0.1:${ports.proxy}`;
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: storeKeys,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    port: ports.proxy,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: storeKeys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: storeKeys.secretAccessKey,
    },
    client,
    async bucket(label = 'kluis') {
      const name = `${label}-${randomBytes(4).toString('hex')}`.toLowerCase();
      await client.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    async keys(bucket, prefix = '') {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
        );
        out.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out.sort();
    },
    async uploads(bucket) {
      const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
      return (page.Uploads ?? []).map((u) => u.Key!).sort();
    },
    async stopProxy() {
      if (proxyProcess) await stopProcess(proxyProcess);
    },
    startProxy,
    async stop() {
      // The buckets go with the store's folder.
      client.destroy();
      await Promise.all(running.map(stopProcess));
      process.removeListener('exit', stopAll);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
