/**
 * The local cloud on this machine, everything real (dynalite, s3rver, the proxy, the runtime):
 * - provisioning a table, as a deploy does it (CreateTable through the proxy), and a redeploy's check;
 * - the database service's deploy step, first (creates the table) and again (keeps it);
 * - a form POST (DocumentClient put) and a read back (get) through the runtime, against a GET
 *   that touches no table.
 */
type Row = { name: string; value: string };
const ms = (n: number) => `${n.toFixed(1)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const spread = (xs: number[]) => `p50 ${ms(pct(xs, 50))}, p95 ${ms(pct(xs, 95))} (n=${xs.length})`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function benchLocalCloud(): Promise<Row[]> {
  const { default: globalSetup } = await import("../test/global-setup");
  const teardown = await globalSetup();
  const { startHarness, waitForBuilds } = await import("../test/harness");
  const { queueBuild } = await import("../../server/domain/builds/queue-build");
  const { emulatorClient } = await import("../../server/domain/local-cloud/emulator-client");
  const { readLocalCloudUrl } = await import("../../server/domain/local-cloud/endpoint");
  const h = await startHarness();
  const rows: Row[] = [];
  try {
    const cloud = emulatorClient((await readLocalCloudUrl(h.redis, h.env.REDIS_PREFIX))!, h.env.SLIPWAY_ENCRYPTION_KEY);
    const create: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < 20; i++) {
      const TableName = `bench-${i}`;
      create.push(
        await timed(() =>
          cloud.createTable({
            TableName,
            BillingMode: "PAY_PER_REQUEST",
            KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
            AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          }),
        ),
      );
      check.push(await timed(() => cloud.describeTable(TableName)));
    }
    rows.push({ name: "CreateTable through the proxy", value: spread(create) });
    rows.push({ name: "DescribeTable (a redeploy keeps the table)", value: spread(check) });
    cloud.close();

    const database = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "database" } });
    const deployStep = async () => {
      const b = await queueBuild(h.db, h.queue, {
        serviceId: database.id,
        stage: "dev",
        trigger: "manual",
        commitSha: await h.repo.head("master"),
      });
      const [done] = await waitForBuilds(h, [b.id]);
      const step = done.steps.find((s) => s.name === "deploy")!;
      return step.finishedAt!.getTime() - step.startedAt!.getTime();
    };
    rows.push({ name: "database deploy step, table created", value: ms(await deployStep()) });
    rows.push({ name: "database deploy step, table kept", value: ms(await deployStep()) });

    const restapi = await h.db.service.findFirstOrThrow({ where: { appId: h.appId, name: "restapi" } });
    const b = await queueBuild(h.db, h.queue, {
      serviceId: restapi.id,
      stage: "bench-cloud",
      trigger: "manual",
      commitSha: await h.repo.head("master"),
    });
    await waitForBuilds(h, [b.id]);
    const link = `${h.worker.runtimeUrl}/acme/workshop/bench-cloud/restapi/submit`;
    const post = () =>
      fetch(link, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Bench", email: "bench@example.com" }),
      }).then((r) => r.json() as Promise<{ stored: { id: string } }>);
    const { stored } = await post(); // warm the child and the SDK
    const puts: number[] = [];
    const gets: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < 50; i++) {
      puts.push(await timed(post));
      gets.push(await timed(() => fetch(`${link}?id=${encodeURIComponent(stored.id)}`).then((r) => r.json())));
      plain.push(await timed(() => fetch(link).then((r) => r.json())));
    }
    rows.push({ name: "POST /submit (DocumentClient put) via runtime", value: spread(puts) });
    rows.push({ name: "GET /submit?id= (DocumentClient get) via runtime", value: spread(gets) });
    rows.push({ name: "GET /submit (no table), for comparison", value: spread(plain) });
  } finally {
    await h.close();
    await teardown();
  }
  return rows;
}
