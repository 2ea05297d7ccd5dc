// Tests call the pure format code directly: give it Node's zlib and CRC-32, as cp2ij/node does.
import '../../src/node/platform.js';
