// Drives /api/chat with the `ai` package's own DefaultChatTransport, the way useChat({ resume: true }) does:
// send a message, drop the connection mid-answer, reconnect to the running answer and read it to the end.
// Prints one JSON line with what it saw. Usage: node ai-transport-resume.mjs <baseUrl> <prompt>
import { DefaultChatTransport } from 'ai';

const [baseUrl, prompt] = process.argv.slice(2);
const chatId = `chat-${Date.now()}`;
const transport = new DefaultChatTransport({ api: `${baseUrl}/api/chat` });

async function read(stream, until) {
  const reader = stream.getReader();
  const seen = { text: '', types: [], deltas: 0 };
  while (!until(seen)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen.types.push(value.type);
    if (value.type === 'text-delta') { seen.text += value.delta; seen.deltas++; }
    if (value.type === 'error') throw new Error(`error part: ${value.errorText}`);
  }
  return { seen, reader };
}

const controller = new AbortController();
const sent = await transport.sendMessages({
  chatId,
  messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text: prompt }] }],
  abortSignal: controller.signal,
  trigger: 'submit-message',
  messageId: undefined,
});
const { seen: beforeDrop, reader } = await read(sent, s => s.deltas >= 3);
controller.abort(); // the page goes away mid-answer
await reader.cancel().catch(() => {});

const resumed = await transport.reconnectToStream({ chatId });
if (resumed === null) throw new Error('nothing to resume: the answer stopped when the client dropped');
const { seen: afterResume } = await read(resumed, () => false);

// Once it has ended, a reconnect finds nothing (204 → null).
let afterEnd = undefined;
for (let i = 0; i < 20 && afterEnd !== null; i++) {
  afterEnd = await transport.reconnectToStream({ chatId });
  if (afterEnd !== null) await new Promise(r => setTimeout(r, 100));
}

console.log(JSON.stringify({ beforeDrop: beforeDrop.text, resumed: afterResume.text, types: afterResume.types, nullAfterEnd: afterEnd === null }));
