import { useEffect, useRef, useState } from 'preact/hooks';
import { logoTypes, type LogoType } from '@aurastream/contract';
import { api } from '../../api/client';
import type { BrandKitLogo } from '../../api/types';
import { formatBytes } from '../../lib/format';
import { track } from '../../lib/analytics';
import { Icon } from '../../ui/icons';
import { Button, IconButton } from '../../ui/button';
import { notify } from '../../ui/toasts';
import { reportError } from '../upgrade/upgrade-prompt';

const logoLabels: Record<LogoType, { title: string; hint: string }> = {
  primary: { title: 'Primary', hint: 'Your main logo' },
  secondary: { title: 'Secondary', hint: 'Alternate lockup' },
  icon: { title: 'Icon', hint: 'Square mark for small sizes' },
  monochrome: { title: 'Monochrome', hint: 'One colour, for busy backgrounds' },
  watermark: { title: 'Watermark', hint: 'Subtle, for thumbnails' },
};

const acceptedTypes = ['image/png', 'image/jpeg', 'image/webp'];
const maxBytes = 10 * 1024 * 1024;

/** The kit's five logo slots: upload (click or drop), replace, remove, choose the default. */
export function LogoManager({ kitId, onChanged }: { kitId: string; onChanged?: () => void }) {
  const [logos, setLogos] = useState<BrandKitLogo[] | null>(null);
  const [defaultType, setDefaultType] = useState<LogoType>('primary');
  const [busyType, setBusyType] = useState<LogoType | null>(null);

  // only the newest read may land: an older one finishing late would bring back an old list
  const latestRead = useRef(0);
  const load = () => {
    const read = ++latestRead.current;
    return api.brandKits.listLogos({ params: { id: kitId } }).then(
      (list) => {
        if (read === latestRead.current) {
          setLogos(list.logos);
          setDefaultType(list.defaultLogoType);
        }
      },
      (error: unknown) => {
        if (read === latestRead.current) {
          setLogos((current) => current ?? []);
        }
        reportError(error);
      },
    );
  };

  useEffect(() => {
    void load();
  }, [kitId]);

  const upload = async (type: LogoType, file: File) => {
    if (!acceptedTypes.includes(file.type)) {
      notify('error', 'Logos can be PNG, JPEG or WebP images.');
      return;
    }
    if (file.size > maxBytes) {
      notify('error', `That file is ${formatBytes(file.size)}; logos can be up to 10 MB.`);
      return;
    }
    setBusyType(type);
    try {
      const form = new FormData();
      form.append('logo_type', type);
      form.append('file', file, file.name);
      await api.brandKits.uploadLogo({ params: { id: kitId }, body: form });
      track('logo_uploaded', 'user_action', { logo_type: type });
      notify('success', `${logoLabels[type].title} logo uploaded`);
      await load();
      onChanged?.();
    } catch (error) {
      reportError(error);
    } finally {
      setBusyType(null);
    }
  };

  const remove = async (type: LogoType) => {
    setBusyType(type);
    try {
      await api.brandKits.deleteLogo({ params: { id: kitId, type } });
      await load();
      onChanged?.();
    } catch (error) {
      reportError(error);
    } finally {
      setBusyType(null);
    }
  };

  const makeDefault = async (type: LogoType) => {
    const previous = defaultType;
    setDefaultType(type);
    try {
      await api.brandKits.setDefaultLogo({ params: { id: kitId }, body: { logoType: type } });
      onChanged?.();
    } catch (error) {
      setDefaultType(previous);
      reportError(error);
    }
  };

  return (
    <div class="logo-grid">
      {logoTypes.map((type) => (
        <LogoSlot
          key={type}
          type={type}
          logo={logos?.find((logo) => logo.logoType === type) ?? null}
          loading={logos === null}
          busy={busyType === type}
          isDefault={defaultType === type}
          onFile={(file) => void upload(type, file)}
          onRemove={() => void remove(type)}
          onDefault={() => void makeDefault(type)}
        />
      ))}
    </div>
  );
}

function LogoSlot({
  type,
  logo,
  loading,
  busy,
  isDefault,
  onFile,
  onRemove,
  onDefault,
}: {
  type: LogoType;
  logo: BrandKitLogo | null;
  loading: boolean;
  busy: boolean;
  isDefault: boolean;
  onFile: (file: File) => void;
  onRemove: () => void;
  onDefault: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const label = logoLabels[type];
  return (
    <div
      class={`logo-slot ${dragging ? 'is-dragging' : ''} ${logo ? 'has-logo' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const file = event.dataTransfer?.files[0];
        if (file) {
          onFile(file);
        }
      }}
    >
      <div class="logo-slot-head">
        <span class="logo-slot-title">{label.title}</span>
        {logo && isDefault && <span class="chip chip-accent chip-tiny">On assets</span>}
      </div>
      <button
        type="button"
        class="logo-drop is-checker"
        disabled={busy || loading}
        onClick={() => input.current?.click()}
        aria-label={logo ? `Replace ${label.title.toLowerCase()} logo` : undefined}
      >
        {busy ? (
          <span class="spinner" aria-hidden="true" />
        ) : logo ? (
          <img src={logo.url} alt={`${label.title} logo`} />
        ) : (
          // named by what it shows, after a word for screen readers: "Upload icon logo: …"
          <span class="logo-drop-empty">
            <Icon name="upload" size={20} />
            <span class="sr-only">Upload {label.title.toLowerCase()} logo: </span>
            <span>{label.hint}</span>
          </span>
        )}
      </button>
      <input
        ref={input}
        type="file"
        accept={acceptedTypes.join(',')}
        class="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) {
            onFile(file);
          }
        }}
      />
      {logo && (
        <div class="logo-slot-foot">
          <span class="muted small">
            {logo.width}×{logo.height} · {formatBytes(logo.fileSize)}
          </span>
          <span class="grow" />
          {!isDefault && (
            <Button size="sm" variant="ghost" onClick={onDefault}>
              Use on assets
            </Button>
          )}
          <IconButton icon="trash" label={`Remove ${label.title.toLowerCase()} logo`} size="sm" onClick={onRemove} />
        </div>
      )}
    </div>
  );
}
