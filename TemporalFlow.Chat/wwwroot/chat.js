// The chat page: asks, streams the answer (server-sent events over fetch), and offers Confirm / Cancel for actions.
const log = document.getElementById("log");
const form = document.getElementById("ask");
const input = document.getElementById("message");

fetch("/api/chat/mode").then(r => r.json()).then(m => {
  document.getElementById("mode").textContent = m.mode === "ai" ? `AI mode · ${m.model}` : "Simple mode · no model needed";
  document.getElementById("user").textContent = m.signIn
    ? `Signed in as ${m.user} · ${m.canAct ? "operator: may confirm actions" : "viewer: may ask, not act"}`
    : "Sign-in is off (Development): this page answers this machine only";
});

function bubble(kind, text) {
  const div = document.createElement("div");
  div.className = `message ${kind}`;
  div.textContent = text;
  log.appendChild(div);
  div.scrollIntoView({ block: "end" });
  return div;
}

async function stream(url, body) {
  const answer = bubble("assistant", "");
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    answer.textContent = Object.values(problem.errors ?? {}).flat().join(" ") || problem.title || `Error ${response.status}`;
    return;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split("\n").filter(l => l.startsWith("data:")).map(l => l.slice(5).trim()).join("");
      if (data) handle(answer, JSON.parse(data));
    }
  }
  answer.dataset.complete = "true";
}

function handle(answer, chunk) {
  if (chunk.type === "text") {
    answer.textContent += chunk.text;
  } else if (chunk.type === "confirm") {
    const box = document.createElement("div");
    box.className = "confirm";
    box.append(`Confirm: ${chunk.text}?`);
    for (const [label, approved] of [["Confirm", true], ["Cancel", false]]) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      if (approved) button.className = "primary";
      button.onclick = () => { box.remove(); stream("/api/chat/confirm", { actionId: chunk.actionId, approved }); };
      box.appendChild(button);
    }
    answer.appendChild(box);
  }
}

form.addEventListener("submit", event => {
  event.preventDefault();
  const message = input.value.trim();
  if (!message) return;
  bubble("user", message);
  input.value = "";
  stream("/api/chat", { message });
});

document.querySelectorAll("[data-example]").forEach(button =>
  button.addEventListener("click", () => { input.value = button.textContent; form.requestSubmit(); }));
