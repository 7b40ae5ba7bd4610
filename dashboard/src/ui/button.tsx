import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { Icon, type IconName } from './icons';
import { Link, type LinkProps } from '../lib/router';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'twitch';
type Size = 'sm' | 'md' | 'lg';

interface CommonProps {
  variant?: Variant;
  size?: Size;
  icon?: IconName;
  iconAfter?: IconName;
  busy?: boolean;
  block?: boolean;
  children?: ComponentChildren;
}

function classes(variant: Variant, size: Size, block: boolean, extra: string | undefined, busy: boolean): string {
  return ['btn', `btn-${variant}`, `btn-${size}`, block ? 'btn-block' : '', busy ? 'is-busy' : '', extra ?? '']
    .filter(Boolean)
    .join(' ');
}

function Content({ icon, iconAfter, busy, children }: CommonProps) {
  return (
    <>
      {busy ? <span class="spinner" aria-hidden="true" /> : icon ? <Icon name={icon} size={18} /> : null}
      {children !== undefined && <span class="btn-label">{children}</span>}
      {iconAfter && !busy ? <Icon name={iconAfter} size={18} /> : null}
    </>
  );
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  iconAfter,
  busy = false,
  block = false,
  children,
  class: className,
  disabled,
  type = 'button',
  ...rest
}: CommonProps & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'size' | 'icon'>) {
  return (
    <button
      {...rest}
      type={type}
      class={classes(variant, size, block, typeof className === 'string' ? className : undefined, busy)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      <Content icon={icon} iconAfter={iconAfter} busy={busy}>
        {children}
      </Content>
    </button>
  );
}

/** A link styled as a button (client-side navigation). */
export function ButtonLink({
  href,
  variant = 'secondary',
  size = 'md',
  icon,
  iconAfter,
  block = false,
  children,
  ...rest
}: CommonProps & Omit<LinkProps, 'class'>) {
  return (
    <Link {...rest} href={href} class={classes(variant, size, block, undefined, false)}>
      <Content icon={icon} iconAfter={iconAfter}>
        {children}
      </Content>
    </Link>
  );
}

/** A square icon-only button; `label` is its accessible name and tooltip. */
export function IconButton({
  icon,
  label,
  variant = 'ghost',
  size = 'md',
  class: className,
  ...rest
}: { icon: IconName; label: string; variant?: Variant; size?: Size } & Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'icon' | 'size'
>) {
  return (
    <button
      type="button"
      {...rest}
      class={`btn btn-${variant} btn-${size} btn-icon ${typeof className === 'string' ? className : ''}`}
      aria-label={label}
      title={label}
    >
      <Icon name={icon} size={size === 'sm' ? 16 : 18} />
    </button>
  );
}
