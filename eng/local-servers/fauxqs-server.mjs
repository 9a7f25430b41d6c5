// Starts fauxqs (S3 + SQS) on 127.0.0.1 (its own CLI binds every interface) on the port given as the first argument or in
// PORT, then creates the buckets and queues named (comma-separated) in FAUXQS_BUCKETS and FAUXQS_QUEUES. fauxqs names a
// queue's URL after the port the creating request was addressed to: behind a proxy (Aspire's), FAUXQS_PUBLIC_PORT is that port.
import { buildApp } from "fauxqs";
import http from "node:http";

const port = Number(process.argv[2] ?? process.env.PORT ?? 4566);
const app = await buildApp({ logger: false });
await app.listen({ port, host: "127.0.0.1" });
const base = `http://127.0.0.1:${port}`;
const names = (variable) => (process.env[variable] ?? "").split(",").map((n) => n.trim()).filter(Boolean);
for (const bucket of names("FAUXQS_BUCKETS")) {
  await fetch(`${base}/${bucket}`, { method: "PUT" });
}
const publicPort = process.env.FAUXQS_PUBLIC_PORT || String(port);
const createQueue = (name) => new Promise((resolve, reject) => {
  const request = http.request({
    host: "127.0.0.1", port, method: "POST", path: "/",
    headers: { Host: `127.0.0.1:${publicPort}`, "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.CreateQueue" },
  }, (response) => { response.resume(); response.on("end", resolve); });
  request.on("error", reject);
  request.end(JSON.stringify({ QueueName: name }));
});
for (const queue of names("FAUXQS_QUEUES")) {
  await createQueue(queue);
}
console.log(`fauxqs listening on ${base} (buckets: ${names("FAUXQS_BUCKETS").join(", ") || "none"}; queues: ${names("FAUXQS_QUEUES").join(", ") || "none"})`);
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => { await app.close(); process.exit(0); });
}
