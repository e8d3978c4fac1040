import { runDemo } from "./demo/run-demo";

/** `npm run demo`: set up and run Slipway with the demo on http://localhost:3000. */
runDemo({ vars: { ...process.env }, webPort: Number(process.env.PORT ?? 3000) })
  .then((demo) => {
    const stop = () => void demo.stop().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  })
  .catch((e: Error) => {
    console.error(`\nSlipway could not start:\n${e.message}`);
    process.exit(1);
  });
