// Upstream: @opentelemetry/otlp-transformer 0.301, `serializeTraceExportRequest` (trace/protobuf)
// walks every span of a batch twice: once through a size estimator, only to allocate the output
// buffer at its exact size, then through the writer. The writer grows its buffer by itself (and
// already moves what it wrote when a length takes more than its one reserved byte), so the first
// walk buys nothing but that one allocation: ~40% of the serializer's time, which was ~8% of the
// app's CPU under load at full sampling (bench/profile/profile-load.js). One walk, into a buffer
// sized by the batch before it. The bytes are the same (src/sdk/bundled-otlp-exporter.test.ts).
// Drop this file when upstream serializes in one pass.
const UPSTREAM = `function serializeTraceExportRequest(spans) {
	const resourceMap = createResourceMap(spans);
	const estimator = new ProtobufSizeEstimator();
	for (const [resource, scopeMap] of resourceMap) {
		estimator.writeTag(1, 2);
		serializeResourceSpans(estimator, resource, scopeMap);
	}
	const writer = new ProtobufWriter(estimator.pos);
	for (const [resource, scopeMap] of resourceMap) {
		writer.writeTag(1, 2);
		serializeResourceSpans(writer, resource, scopeMap);
	}
	return writer.finish();
}`;
const FIXED = `let kitSizeHint = 65536;
function serializeTraceExportRequest(spans) {
	const resourceMap = createResourceMap(spans);
	const writer = new ProtobufWriter(kitSizeHint);
	for (const [resource, scopeMap] of resourceMap) {
		writer.writeTag(1, 2);
		serializeResourceSpans(writer, resource, scopeMap);
	}
	kitSizeHint = Math.max(65536, writer.pos + (writer.pos >>> 3));
	return writer.finish();
}`;

module.exports = {
  name: 'otlp-serializer-one-pass',
  file: /[\\/]@opentelemetry[\\/]otlp-transformer[\\/]dist[\\/]trace[\\/]protobuf[\\/]trace-serializer\.(cjs|mjs)$/,
  apply: (source, { replaceOnce }) => replaceOnce(source, UPSTREAM, FIXED),
};
