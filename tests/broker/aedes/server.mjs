// aedes, the second real broker of the test command (scripts/aedes.sh starts
// it): MQTT 3.1/3.1.1 over WebSocket (path /mqtt, subprotocol mqtt or
// mqttv3.1) and over plain TCP, on 127.0.0.1 only, in memory.
//
//   node server.mjs --ws PORT [--tcp PORT]
//   AEDES_WS_PORT=PORT AEDES_TCP_PORT=PORT node server.mjs
//
// Prints one line once both listeners are up, and closes cleanly (exit 0)
// on SIGTERM or SIGINT.
import { createServer as createHttpServer } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Aedes } from 'aedes'
import { WebSocketServer, createWebSocketStream } from 'ws'

const HOST = '127.0.0.1'

const { values } = parseArgs({
  options: { ws: { type: 'string' }, tcp: { type: 'string' } }
})
const wsPort = port(values.ws ?? process.env.AEDES_WS_PORT, 'WebSocket', true)
const tcpPort = port(values.tcp ?? process.env.AEDES_TCP_PORT, 'TCP', false)

function port (value, what, required) {
  if (value === undefined || value === '') {
    if (required) fail(`no ${what} port: pass --ws PORT or set AEDES_WS_PORT`)
    return undefined
  }
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`bad ${what} port: ${value}`)
  return n
}

function fail (message) {
  console.error(`aedes server: ${message}`)
  process.exit(2)
}

const version = JSON.parse(
  readFileSync(new URL('./node_modules/aedes/package.json', import.meta.url))
).version

const broker = await Aedes.createBroker()
broker.on('clientError', (client, err) => {
  if (process.env.AEDES_DEBUG) console.error(`client ${client?.id}: ${err.message}`)
})

const http = createHttpServer((_req, res) => {
  res.writeHead(426, { 'content-type': 'text/plain' })
  res.end('MQTT over WebSocket at /mqtt\n')
})
const wss = new WebSocketServer({
  server: http,
  path: '/mqtt',
  // Answer with the first MQTT subprotocol the client offers, as Mosquitto
  // does; a client that offers none still gets through.
  handleProtocols: (protocols) =>
    ['mqtt', 'mqttv3.1'].find((p) => protocols.has(p)) ?? false
})
wss.on('connection', (socket, req) => {
  const stream = createWebSocketStream(socket)
  // A peer that vanishes makes the stream error; aedes sees the close.
  stream.on('error', () => {})
  broker.handle(stream, req)
})

const tcp = tcpPort === undefined ? undefined : createNetServer(broker.handle)

await listen(http, wsPort)
if (tcp) await listen(tcp, tcpPort)

function listen (server, p) {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(p, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

console.log(
  `aedes ${version} on ${HOST}: ws ${http.address().port} (path /mqtt)` +
    (tcp ? `, tcp ${tcp.address().port}` : '')
)

let closing = false
async function shutdown (signal) {
  if (closing) return
  closing = true
  // Never hang on a stuck client.
  setTimeout(() => process.exit(1), 3000).unref()
  for (const client of wss.clients) client.terminate()
  wss.close()
  http.closeAllConnections()
  await Promise.all([
    new Promise((resolve) => http.close(resolve)),
    tcp && new Promise((resolve) => tcp.close(resolve)),
    new Promise((resolve) => broker.close(resolve))
  ])
  console.log(`aedes stopped (${signal})`)
  process.exit(0)
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
