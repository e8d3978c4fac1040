"use strict";
// The warm "container" of ONE function of ONE deployment, like a Lambda execution environment.
// Plain JS run by bare `node` so that nothing of Slipway (tsx, loaders, env) leaks into user code.
// Started with cwd = the deployment's artifact folder, env = the function's environment, and the
// handler ("src/api.main") as argv[2]. Talks to the runtime over IPC only.
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

const handlerName = process.argv[2] || "";
// bubblewrap always sets PWD; the function's environment is exactly what its config gives.
if (process.env.PWD === process.cwd()) delete process.env.PWD;

// aws-sdk v2 reads no endpoint from the environment (v3 reads AWS_ENDPOINT_URL_*): whenever the
// handler loads a copy of it (its own, or the one the runtime provides), that copy's global config
// is pointed at the local cloud before the handler can make a client.
function pointAwsSdkV2At(url) {
  const Module = require("node:module");
  const load = Module._load;
  const patched = new WeakSet();
  Module._load = function (request, parent, isMain) {
    const exported = load.call(this, request, parent, isMain);
    if (request === "aws-sdk" || request.startsWith("aws-sdk/")) {
      try {
        const file = Module._resolveFilename(request, parent, isMain);
        const root = file.slice(0, file.lastIndexOf(`${path.sep}aws-sdk${path.sep}`) + 9);
        const AWS = load.call(this, path.join(root, "lib", "core.js"), parent, false);
        if (AWS && AWS.config && !patched.has(AWS)) {
          patched.add(AWS);
          AWS.config.dynamodb = { ...AWS.config.dynamodb, endpoint: url };
          AWS.config.s3 = { ...AWS.config.s3, endpoint: url, s3ForcePathStyle: true };
        }
      } catch {
        // Not the aws-sdk we know: leave it as it is.
      }
    }
    return exported;
  };
}
if (process.env.SLIPWAY_LOCAL_CLOUD_URL) pointAwsSdkV2At(process.env.SLIPWAY_LOCAL_CLOUD_URL);

// An ES module's `import AWS from "aws-sdk"` bypasses the hook above; the service's own copy is
// required here first (through the hook), and the import then gets that configured copy.
// Only a copy the service bundles: ESM does not read NODE_PATH, so it never sees the provided one.
function preloadAwsSdkV2For(root) {
  if (!process.env.SLIPWAY_LOCAL_CLOUD_URL || !fs.existsSync(path.join(root, "node_modules", "aws-sdk"))) return;
  try {
    require("node:module").createRequire(path.join(root, "index.js"))("aws-sdk");
  } catch {
    // The service bundles no aws-sdk v2: nothing to configure.
  }
}
const send = (msg) => process.connected && process.send(msg);

// Same rule as server/domain/deployments/runtime-config.ts handlerFile (duplicated: this file cannot import TS).
function splitHandler(h) {
  const dot = h.lastIndexOf(".");
  if (dot <= 0 || dot === h.length - 1) throw new Error(`Handler '${h}' must look like 'file.export'`);
  return { module: h.slice(0, dot), exportName: h.slice(dot + 1) };
}

async function loadHandler() {
  const { module, exportName } = splitHandler(handlerName);
  const root = process.cwd();
  const base = path.resolve(root, module);
  if (base !== root && !base.startsWith(root + path.sep)) throw new Error(`Handler '${handlerName}' points outside the deployment`);
  const file = [".js", ".mjs", ".cjs"].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!file) throw new Error(`Handler '${handlerName}' not found: no ${module}.js, ${module}.mjs or ${module}.cjs in the deployment`);
  let mod;
  try {
    if (file.endsWith(".mjs")) preloadAwsSdkV2For(root);
    mod = file.endsWith(".mjs") ? await import(pathToFileURL(file).href) : require(file);
  } catch (e) {
    // A .js file in a "type": "module" package is ESM; require refuses it, import() loads it.
    if (e && e.code === "ERR_REQUIRE_ESM") {
      preloadAwsSdkV2For(root);
      mod = await import(pathToFileURL(file).href);
    } else throw new Error(`Handler '${handlerName}' failed to load ${path.relative(root, file)}: ${e && e.message}`);
  }
  const fn = mod[exportName] ?? (mod.default && mod.default[exportName]);
  if (typeof fn !== "function") {
    throw new Error(`Handler '${handlerName}' not found: ${path.relative(root, file)} has no export '${exportName}'`);
  }
  return fn;
}

function lambdaContext(ctx) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionVersion: "$LATEST",
    memoryLimitInMB: "1024",
    ...ctx,
    getRemainingTimeInMillis: () => Math.max(0, ctx.deadlineMs - Date.now()),
  };
}

// Async handlers answer with their promise; callback-style handlers with the callback; first wins.
function call(handler, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result));
    const ctx = { ...context, succeed: (r) => resolve(r), fail: (e) => callback(e || new Error("failed")), done: callback };
    try {
      const ret = handler(event, ctx, callback);
      if (ret && typeof ret.then === "function") ret.then(resolve, reject);
      else if (handler.length < 3) resolve(ret);
    } catch (e) {
      reject(e);
    }
  });
}

function toError(e) {
  const err = e instanceof Error ? e : new Error(typeof e === "string" ? e : JSON.stringify(e));
  return { message: err.message, name: err.name, stack: err.stack };
}

loadHandler().then(
  (handler) => {
    process.on("message", async (msg) => {
      if (!msg || msg.type !== "invoke") return;
      try {
        const result = await call(handler, msg.event, lambdaContext(msg.context));
        send({ type: "result", id: msg.id, result: result === undefined ? null : result });
      } catch (e) {
        const error = toError(e);
        // Like Lambda, the error also lands in the function's log.
        console.error(`ERROR\t${msg.context.awsRequestId}\t${error.stack || error.message}`);
        send({ type: "error", id: msg.id, error });
      }
    });
    send({ type: "ready" });
  },
  (e) => {
    // Exit only once the message is out, so the runtime sees why rather than just an exit code.
    if (process.connected) process.send({ type: "load-error", error: toError(e) }, () => process.exit(1));
    else process.exit(1);
  },
);

// The runtime went away: a warm container has no reason to outlive it.
process.on("disconnect", () => process.exit(0));
