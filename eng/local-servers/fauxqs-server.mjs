// Starts fauxqs (S3 + SQS) on 127.0.0.1 and the port given as the first argument; its own CLI binds every interface.
import { buildApp } from "fauxqs";

const port = Number(process.argv[2] ?? 4566);
const app = await buildApp({ logger: false });
await app.listen({ port, host: "127.0.0.1" });
console.log(`fauxqs listening on 127.0.0.1:${port}`);
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => { await app.close(); process.exit(0); });
}
