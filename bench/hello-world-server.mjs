/* global process */
// The baseline for the service benchmarks: Fastify answering a small JSON document, nothing else.
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.get('/hello', () => ({ hello: 'world' }))
const port = Number(process.argv[2] ?? '0')
await app.listen({ port, host: '127.0.0.1' })
process.stdout.write('ready\n')
