// Upstream: @opentelemetry/otlp-transformer 0.301, `ProtobufWriter#writeString` reads a string
// twice in JavaScript, once to see whether it is ASCII, then to copy it char by char, and encodes
// any other string into a new array (TextEncoder) before copying that in. It was the serializer's
// costliest function in the app (~22k instructions per request at full sampling,
// bench/profile/callgrind-functions.js). A short string (nearly every attribute) is now copied in
// one pass and its length byte written after it; a long or non-ASCII one is written by Node's
// UTF-8 encoder straight into the buffer, its length in front as a message's is (one byte
// reserved, moved when it needs more). Node's encoder for every string was tried: 2% more
// instructions per request than upstream, as a native call costs more than a short copy.
// Node-only, as the vendored exporter is (`utf8Write` takes any Uint8Array on Node 20 to 24).
// The bytes are the same (src/sdk/bundled-otlp-exporter.test.ts). Drop this file when upstream
// writes strings in one pass.
const UPSTREAM = `	writeString(str) {
		let isAscii = true;
		const len = str.length;
		for (let i = 0; i < len; i++) if (str.charCodeAt(i) > 127) {
			isAscii = false;
			break;
		}
		if (isAscii) {
			this.writeVarint(len);
			this._ensureCapacity(len);
			for (let i = 0; i < len; i++) this._buffer[this.pos++] = str.charCodeAt(i);
		} else {
			const bytes = this._textEncoder.encode(str);
			this.writeBytes(bytes);
		}
	}`;
const FIXED = `	writeString(str) {
		const len = str.length;
		if (len < 128) {
			this._ensureCapacity(len + 1);
			const buffer = this._buffer;
			const start = this.pos;
			let pos = start + 1;
			for (let i = 0; i < len; i++) {
				const code = str.charCodeAt(i);
				if (code > 127) return this.kitWriteUtf8(str);
				buffer[pos++] = code;
			}
			buffer[start] = len;
			this.pos = pos;
		} else this.kitWriteUtf8(str);
	}
	kitWriteUtf8(str) {
		const lengthPos = this.startLengthDelimited();
		this._ensureCapacity(str.length * 3);
		const written = Buffer.prototype.utf8Write.call(this._buffer, str, this.pos);
		this.pos += written;
		this.finishLengthDelimited(lengthPos, written);
	}`;

module.exports = {
  name: 'otlp-writer-strings-one-pass',
  file: /[\\/]@opentelemetry[\\/]otlp-transformer[\\/]dist[\\/]common[\\/]protobuf[\\/]protobuf-writer\.(cjs|mjs)$/,
  apply: (source, { replaceOnce }) => replaceOnce(source, UPSTREAM, FIXED),
};
