import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { AppError } from '../shared/errors';
import { cleanFilename, readMultipartForm, type MultipartForm } from './multipart';

/** A loopback server that parses each request with readMultipartForm and answers what it read. */
describe('multipart form reading', () => {
  let server: Server;
  let url: string;

  before(async () => {
    server = createServer((req, res) => {
      readMultipartForm(req, { fileField: 'file', maxFileBytes: 1000, maxFields: 3 })
        .then((form: MultipartForm) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              fields: form.fields,
              file: form.file && {
                size: form.file.data.length,
                filename: form.file.filename,
                type: form.file.declaredType,
              },
            }),
          );
        })
        .catch((error: unknown) => {
          const status = error instanceof AppError ? error.status : 500;
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: error instanceof AppError ? error.code : String(error) }));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function post(
    body: FormData | string,
    contentType?: string,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: contentType ? { 'content-type': contentType } : {},
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('reads text fields and the file', async () => {
    const form = new FormData();
    form.append('logo_type', 'icon');
    form.append('file', new Blob([new Uint8Array(10)], { type: 'image/png' }), 'C:\\Users\\me\\logo.png');
    expect(await post(form)).to.deep.equal({
      status: 200,
      json: { fields: { logo_type: 'icon' }, file: { size: 10, filename: 'logo.png', type: 'image/png' } },
    });
  });

  it('accepts a form without a file', async () => {
    const form = new FormData();
    form.append('a', 'b');
    expect((await post(form)).json).to.deep.equal({ fields: { a: 'b' }, file: null });
  });

  it('answers 413 once the file passes the limit, and accepts exactly the limit', async () => {
    const at = new FormData();
    at.append('file', new Blob([new Uint8Array(1000)]), 'a.png');
    expect((await post(at)).status).to.equal(200);
    const over = new FormData();
    over.append('file', new Blob([new Uint8Array(1001)]), 'a.png');
    expect(await post(over)).to.deep.equal({ status: 413, json: { code: 'payload_too_large' } });
  });

  it('refuses other content types (415) and malformed bodies (400)', async () => {
    expect((await post('{}', 'application/json')).json).to.deep.equal({ code: 'multipart_required' });
    expect(await post('x', 'multipart/form-data')).to.deep.equal({
      status: 400,
      json: { code: 'malformed_multipart' },
    });
    const wrongField = new FormData();
    wrongField.append('picture', new Blob([new Uint8Array(3)]), 'a.png');
    expect((await post(wrongField)).json).to.deep.equal({ code: 'malformed_multipart' });
    const longField = new FormData();
    longField.append('logo_type', 'x'.repeat(2000));
    expect((await post(longField)).json).to.deep.equal({ code: 'malformed_multipart' });
    const manyFields = new FormData();
    for (const name of ['a', 'b', 'c', 'd']) {
      manyFields.append(name, name);
    }
    expect((await post(manyFields)).status).to.equal(400);
  });

  it('keeps only the base name of a file name, without control characters', () => {
    expect(cleanFilename('../../etc/passwd')).to.equal('passwd');
    expect(cleanFilename('logo\u0000.png')).to.equal('logo.png');
    expect(cleanFilename('')).to.equal(null);
    expect(cleanFilename(undefined)).to.equal(null);
    expect(cleanFilename('a'.repeat(300))).to.have.length(255);
  });
});
