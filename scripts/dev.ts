import { spawn } from "node:child_process";

/** `npm run dev`: the Next.js dev server and the worker, side by side (run `npm run demo` once first to seed). */
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const children = [
  spawn("npx", ["next", "dev", "-p", process.env.PORT ?? "3000"], { env, stdio: "inherit" }),
  spawn("npx", ["tsx", "watch", "worker/main.ts"], { env, stdio: "inherit" }),
];
const stop = () => children.forEach((c) => c.kill("SIGTERM"));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
