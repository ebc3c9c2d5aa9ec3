// Load generator for benches/peers/compare.sh with Google's official Node client (npm
// @google-apps/chat): one shared ChatServiceClient, N concurrent async workers. Same workload
// and output as examples/loadgen.rs:
//
// Setup (not timed): two spaces as `user:alice@example.com`, "library" with 60 messages and
// "inbox". Call `i` of the sequence is, by `i % 10`: 0-6 GetMessage of library message
// `i % 60`, 7-8 CreateMessage in the inbox, 9 ListMessages of the library (pageSize 50, a
// full page, autoPaginate off: one RPC). Workers take the next index from a shared counter;
// the warm-up runs the same sequence before the timed calls. Prints one JSON line.
//
// usage: node loadgen.js --endpoint HOST:PORT [--concurrency N] [--calls N] [--warmup N]
//        (run where node_modules has @google-apps/chat, or set NODE_PATH)
'use strict';

const from = (name) => require(require.resolve(name, {paths: [process.cwd(), ...(process.env.NODE_PATH || '').split(':').filter(Boolean)]}));
const {ChatServiceClient} = from('@google-apps/chat');
const {grpc} = from('google-gax');

const LIBRARY_MESSAGES = 60;

function parseArgs(argv) {
  const a = {endpoint: '127.0.0.1:8085', concurrency: 1, calls: 1000, warmup: 100, token: 'user:alice@example.com'};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case '--endpoint': a.endpoint = value; break;
      case '--concurrency': a.concurrency = Number(value); break;
      case '--calls': a.calls = Number(value); break;
      case '--warmup': a.warmup = Number(value); break;
      case '--token': a.token = value; break;
      default: throw new Error(`unknown argument ${flag}`);
    }
  }
  a.concurrency = Math.max(a.concurrency, 1);
  return a;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}

async function run(work, start, calls, concurrency) {
  let next = 0;
  let errors = 0;
  const latencies = [];
  async function worker() {
    for (;;) {
      const i = next;
      if (i >= calls) return;
      next += 1;
      const t = process.hrtime.bigint();
      try {
        await work(start + i);
      } catch (e) {
        if (errors === 0) console.error(`call ${start + i}: ${e && e.message ? e.message : e}`);
        errors += 1;
      }
      latencies.push(Number((process.hrtime.bigint() - t) / 1000n));
    }
  }
  await Promise.all(Array.from({length: concurrency}, worker));
  latencies.sort((x, y) => x - y);
  return {latencies, errors};
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const addr = args.endpoint.replace(/^http:\/\//, '');
  const i = addr.lastIndexOf(':');
  const client = new ChatServiceClient({
    apiEndpoint: addr.slice(0, i),
    port: Number(addr.slice(i + 1)),
    sslCreds: grpc.credentials.createInsecure(),
    // Set, so google-auth-library never looks for credentials (or a metadata server).
    universeDomain: 'googleapis.com',
  });
  const options = {otherArgs: {headers: {authorization: `Bearer ${args.token}`}}};
  const listOptions = {...options, autoPaginate: false};

  const namedSpace = async (displayName) => {
    const [space] = await client.setUpSpace({space: {spaceType: 'SPACE', displayName}}, options);
    return space.name;
  };
  const library = await namedSpace('loadgen library');
  const inbox = await namedSpace('loadgen inbox');
  const messages = [];
  for (let n = 0; n < LIBRARY_MESSAGES; n++) {
    const [m] = await client.createMessage({parent: library, message: {text: `library ${n}`}}, options);
    messages.push(m.name);
  }

  const work = async (n) => {
    const kind = n % 10;
    if (kind <= 6) {
      await client.getMessage({name: messages[n % messages.length]}, options);
    } else if (kind <= 8) {
      await client.createMessage({parent: inbox, message: {text: `load ${n}`}}, options);
    } else {
      const [page] = await client.listMessages({parent: library, pageSize: 50}, listOptions);
      if (page.length !== 50) throw new Error(`ListMessages returned ${page.length} messages, not 50`);
    }
  };

  const warm = await run(work, 0, args.warmup, args.concurrency);
  const cpuBefore = cpuSeconds();
  const started = process.hrtime.bigint();
  const {latencies, errors} = await run(work, args.warmup, args.calls, args.concurrency);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = cpuSeconds() - cpuBefore;
  await client.close();

  console.log(JSON.stringify({
    client: 'node',
    concurrency: args.concurrency,
    calls: args.calls,
    warmup: args.warmup,
    errors: errors + warm.errors,
    wall_s: Number(wall.toFixed(4)),
    calls_per_s: Number((args.calls / Math.max(wall, 1e-9)).toFixed(1)),
    p50_us: percentile(latencies, 0.5),
    p99_us: percentile(latencies, 0.99),
    timed_cpu_s: Number(cpu.toFixed(3)),
  }));
}

main().catch((e) => {
  console.error(`loadgen.js: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
