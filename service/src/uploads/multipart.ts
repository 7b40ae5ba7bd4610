import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../shared/errors';

/** The one file of a multipart form, held in memory (it is at most `maxFileBytes`). */
export interface UploadedFile {
  data: Buffer;
  /** The name the browser sent, for display only (never a path, never trusted for the type). */
  filename: string | null;
  /** The type the browser declared; informative only, the content decides. */
  declaredType: string;
}

export interface MultipartForm {
  fields: Record<string, string>;
  file: UploadedFile | null;
}

export interface MultipartOptions {
  /** Name of the file field, e.g. `file`. */
  fileField: string;
  /** Largest accepted file; a larger one is answered 413 as soon as the limit is crossed. */
  maxFileBytes: number;
  /** Most text fields accepted (each at most 1 KB). */
  maxFields?: number;
}

// room for boundaries, part headers and a few small fields next to a file of the maximum size
const FORM_OVERHEAD_BYTES = 64 * 1024;
const MAX_FIELD_BYTES = 1024;

function malformed(message: string): BadRequestError {
  return new BadRequestError('malformed_multipart', message);
}

/** Keeps the last path segment of a browser-sent name, without control characters. */
export function cleanFilename(name: string | undefined): string | null {
  const lastSegment = (name ?? '').split(/[\\/]/).pop() ?? '';
  const base = [...lastSegment]
    .filter((char) => {
      const code = char.charCodeAt(0);
      return code >= 0x20 && code !== 0x7f;
    })
    .join('')
    .trim();
  return base ? base.slice(0, 255) : null;
}

/**
 * Reads a `multipart/form-data` request with busboy: text fields and one file, streamed with a
 * size limit so an oversized body is refused (413) without ever being held in memory. A malformed
 * body is a 400 `malformed_multipart`; another content type a 415 `multipart_required`.
 */
export async function readMultipartForm(req: IncomingMessage, options: MultipartOptions): Promise<MultipartForm> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw new UnsupportedMediaTypeError('multipart_required', 'Send the upload as multipart/form-data');
  }
  const tooLarge = () =>
    new PayloadTooLargeError(`The file is larger than ${options.maxFileBytes} bytes`, {
      max_bytes: options.maxFileBytes,
    });
  const declaredLength = Number(req.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > options.maxFileBytes + FORM_OVERHEAD_BYTES) {
    // refused before reading: Node discards the unread body
    throw tooLarge();
  }
  const maxFields = options.maxFields ?? 10;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        // busboy reports the limit once a file reaches it: one byte more tells `max` from `max + 1`
        fileSize: options.maxFileBytes + 1,
        files: 1,
        fields: maxFields,
        fieldSize: MAX_FIELD_BYTES,
        parts: maxFields + 1,
        headerPairs: 20,
      },
    });
  } catch (error) {
    throw malformed(`The multipart body cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }

  return new Promise<MultipartForm>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: UploadedFile | null = null;
    let settled = false;

    const finish = (error: Error | null) => {
      if (settled) {
        return;
      }
      settled = true;
      if (error) {
        // stop parsing and let the rest of the body drain so the answer can be read
        req.unpipe(parser);
        req.resume();
        reject(error);
        return;
      }
      resolve({ fields, file });
    };

    parser.on('file', (name, stream, info) => {
      if (name !== options.fileField || file) {
        stream.resume();
        finish(malformed(`Unexpected file field "${name}"; send one file as "${options.fileField}"`));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      // a body cut off inside the file ends the file stream with an error
      stream.on('error', (error: Error) => finish(malformed(`The file part is malformed: ${error.message}`)));
      stream.on('limit', () => {
        chunks.length = 0;
        stream.resume();
        finish(tooLarge());
      });
      stream.on('end', () => {
        if (!stream.truncated) {
          file = { data: Buffer.concat(chunks), filename: cleanFilename(info.filename), declaredType: info.mimeType };
        }
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        finish(malformed(`The field "${name}" is longer than ${MAX_FIELD_BYTES} bytes`));
        return;
      }
      fields[name] = value;
    });
    parser.on('filesLimit', () => finish(malformed(`Send a single file, as "${options.fileField}"`)));
    parser.on('fieldsLimit', () => finish(malformed(`Send at most ${maxFields} fields`)));
    parser.on('partsLimit', () => finish(malformed('The form has too many parts')));
    parser.on('error', (error: Error) => finish(malformed(`The multipart body is malformed: ${error.message}`)));
    parser.on('finish', () => finish(null));
    req.on('error', (error) => finish(error));
    req.on('close', () => {
      if (!req.complete) {
        finish(malformed('The upload was interrupted'));
      }
    });
    req.pipe(parser);
  });
}
