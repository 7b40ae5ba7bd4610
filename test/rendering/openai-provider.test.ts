import { expect } from 'chai';
import {
  BuiltinImageProvider,
  createImageProvider,
  dimensionsFor,
  ImageProviderError,
  OpenAIImageProvider,
  type ImageEngine,
} from '@aurastream/service/rendering';
import { startFakeOpenAIImages, type FakeOpenAIImages } from '../fakes/openai-images';
import { decode, quietLogger, request, saveSample } from './support';

describe('OpenAI image provider (against a fake OpenAI image API)', function () {
  this.timeout(30_000);
  let fake: FakeOpenAIImages;
  const providers: ImageEngine[] = [];

  function provider(imageModel = 'gpt-image-1', timeoutMs = 10_000, apiKey = fake.apiKey): OpenAIImageProvider {
    const created = new OpenAIImageProvider({ apiKey, baseUrl: fake.baseUrl, imageModel, timeoutMs }, quietLogger);
    providers.push(created);
    return created;
  }

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    throw new Error('expected the render to fail');
  }

  before(async () => {
    fake = await startFakeOpenAIImages();
  });

  afterEach(() => {
    fake.mode('ok');
  });

  after(async () => {
    await Promise.all(providers.map(async (created) => created.close()));
    await fake.stop();
  });

  it('asks a GPT image model for a transparent PNG and crops it to every emote size', async () => {
    const result = await provider().render(request('emote', { style_preset: 'kawaii', text: 'GG' }));
    const sent = fake.requests.at(-1)!;
    expect(sent.authorization).to.equal(`Bearer ${fake.apiKey}`);
    expect(sent.body).to.include({
      model: 'gpt-image-1',
      size: '1024x1024',
      background: 'transparent',
      output_format: 'png',
      n: 1,
    });
    expect(sent.body).not.to.have.property('response_format');
    expect(sent.body.prompt)
      .to.be.a('string')
      .and.match(/transparent background/)
      .and.match(/28 px/)
      .and.match(/kawaii/);
    expect(sent.body.prompt)
      .to.match(/PixelPaladin/)
      .and.match(/"GG"/);

    expect(result.provider).to.equal('openai');
    expect(result.model).to.equal('gpt-image-1');
    expect(result.prompt_used).to.equal(sent.body.prompt);
    expect(result.legibility!.score).to.be.within(0, 100);
    const dims = dimensionsFor('emote');
    expect(result.files.map((file) => [file.width, file.height])).to.deep.equal(
      dims.sizes.map((size) => [size.width, size.height]),
    );
    for (const file of result.files) {
      const decoded = await decode(file.data);
      expect([decoded.width, decoded.height, decoded.format]).to.deep.equal([file.width, file.height, 'png']);
      expect(decoded.hasAlpha).to.equal(true);
      expect(decoded.cornerAlpha).to.deep.equal([0, 0, 0, 0]);
      expect(file.data.length).to.be.at.most(dims.max_bytes);
    }
    saveSample('openai-emote.png', result.files[0]!.data);
  });

  it('asks for a wide opaque image for a 16:9 scene and crops it to 1920x1080', async () => {
    const result = await provider().render(request('starting_soon'));
    expect(fake.requests.at(-1)!.body).to.include({ size: '1536x1024', background: 'opaque' });
    const decoded = await decode(result.files[0]!.data);
    expect([decoded.width, decoded.height]).to.deep.equal([1920, 1080]);
    expect(decoded.cornerAlpha).to.deep.equal([255, 255, 255, 255]);
    expect(result.legibility).to.equal(null);
  });

  it('asks DALL·E 3 for base64 and cuts the plain backdrop out of a transparent type', async () => {
    const result = await provider('dall-e-3').render(request('badge'));
    const sent = fake.requests.at(-1)!;
    expect(sent.body).to.include({ model: 'dall-e-3', response_format: 'b64_json', size: '1024x1024' });
    expect(sent.body).not.to.have.property('background');
    expect(result.files.map((file) => file.size_label)).to.deep.equal(['72x72', '36x36', '18x18']);
    for (const file of result.files) {
      const decoded = await decode(file.data);
      expect(decoded.cornerAlpha, file.size_label).to.deep.equal([0, 0, 0, 0]);
      expect(file.data.length).to.be.at.most(25 * 1024);
    }
  });

  it('downloads the image when the API answers with a URL', async () => {
    fake.mode('url');
    const result = await provider('dall-e-2').render(request('panel'));
    expect(fake.requests.some((sent) => sent.method === 'GET' && sent.path.startsWith('/files/'))).to.equal(true);
    expect(result.files[0]).to.include({ width: 320, height: 160 });
  });

  it('keeps DALL·E 2 prompts within its 1000 characters', async () => {
    await provider('dall-e-2').render(request('thumbnail', { prompt: 'a very long prompt '.repeat(120) }));
    expect((fake.requests.at(-1)!.body.prompt as string).length).to.be.at.most(1000);
  });

  it('turns an HTTP 500 into a retryable image_provider_error', async () => {
    fake.mode('server_error');
    const error = await failure(provider().render(request('emote')));
    expect(error).to.be.instanceOf(ImageProviderError);
    expect(error).to.include({ code: 'image_provider_error', status: 502, retryable: true });
  });

  it('turns a content-policy rejection into image_provider_refused, not worth retrying', async () => {
    fake.mode('content_policy');
    const error = await failure(provider().render(request('emote')));
    expect(error).to.be.instanceOf(ImageProviderError);
    expect(error).to.include({ code: 'image_provider_refused', retryable: false });
    expect((error as ImageProviderError).message).to.match(/rephrase/);
  });

  it('gives up after the configured timeout with image_provider_timeout', async () => {
    fake.mode('hang');
    const error = await failure(provider('gpt-image-1', 300).render(request('emote')));
    expect(error).to.be.instanceOf(ImageProviderError);
    expect(error).to.include({ code: 'image_provider_timeout', retryable: true });
  });

  it('stops waiting when the signal is aborted', async () => {
    fake.mode('hang');
    const controller = new AbortController();
    const requestsBefore = fake.requests.length;
    const pending = provider('gpt-image-1', 20_000).render(request('emote'), controller.signal);
    // abort once the request has reached the fake
    while (fake.requests.length === requestsBefore) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort(new Error('job cancelled'));
    const error = await failure(pending);
    expect(error).to.be.instanceOf(Error).with.property('message', 'job cancelled');
  });

  it('reports a rejected API key as a non-retryable error', async () => {
    const error = await failure(provider('gpt-image-1', 5000, 'sk-wrong').render(request('emote')));
    expect(error).to.include({ code: 'image_provider_error', retryable: false });
    expect((error as Error).message).not.to.match(/sk-wrong/);
  });

  it('is chosen by createImageProvider when an API key is configured, the built-in renderer otherwise', async () => {
    const openai = createImageProvider(
      {
        openai: { apiKey: fake.apiKey, baseUrl: fake.baseUrl, imageModel: 'gpt-image-1', timeoutMs: 5000 },
        rendering: { threads: 0 },
      },
      quietLogger,
    );
    const builtin = createImageProvider(
      {
        openai: { apiKey: null, baseUrl: fake.baseUrl, imageModel: 'gpt-image-1', timeoutMs: 5000 },
        rendering: { threads: 0 },
      },
      quietLogger,
    );
    providers.push(openai, builtin);
    expect(openai).to.be.instanceOf(OpenAIImageProvider).with.property('name', 'openai');
    expect(builtin).to.be.instanceOf(BuiltinImageProvider).with.property('name', 'builtin');
    const result = await builtin.render(request('badge'));
    expect(result.provider).to.equal('builtin');
  });
});
