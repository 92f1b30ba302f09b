/** RFC 6455: FIN set, opcode 1 (text). */
const FIN_TEXT = 0x81;
/** Payload lengths up to this fit the second header byte; the next two sizes are marked 126 and 127. */
const SHORT_LENGTH = 125;
const MEDIUM_LENGTH = 0xffff;

/** The last text framed and its bytes: a channel's frame reaches every subscriber in a row. */
let lastText: string | undefined;
let lastWire: Buffer | undefined;

/**
 * The bytes of one unmasked WebSocket text frame (header and UTF-8 payload in one buffer), as a
 * server writes it. Every socket is sent the same bytes for the same frame, so the frame handed to
 * a hundred subscribers one after another is encoded and framed once: the last one is kept.
 *
 * @example
 * stream.write(wireFrame('{"type":"pong"}'));
 */
export function wireFrame(text: string): Buffer {
  if (text === lastText && lastWire) return lastWire;
  const length = Buffer.byteLength(text);
  const header = length <= SHORT_LENGTH ? 2 : length <= MEDIUM_LENGTH ? 4 : 10;
  const wire = Buffer.allocUnsafe(header + length);
  wire[0] = FIN_TEXT;
  if (header === 2) {
    wire[1] = length;
  } else if (header === 4) {
    wire[1] = 126;
    wire.writeUInt16BE(length, 2);
  } else {
    wire[1] = 127;
    wire.writeBigUInt64BE(BigInt(length), 2);
  }
  wire.write(text, header, 'utf8');
  lastText = text;
  lastWire = wire;
  return wire;
}
