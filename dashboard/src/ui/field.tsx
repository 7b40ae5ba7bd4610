import type { ComponentChildren, TextareaHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';
import { Icon } from './icons';
import type { ValidationStatus } from './validation';

interface FieldProps {
  label: string;
  hint?: ComponentChildren;
  status?: ValidationStatus;
  message?: string | null;
  /** Shown when the value is valid, e.g. "Looks good". */
  success?: string | null;
  optional?: boolean;
  children: (ids: { inputId: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** Label, control, hint and the inline verdict, wired together for screen readers. */
export function Field({ label, hint, status = 'idle', message, success, optional, children }: FieldProps) {
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const messageId = `${inputId}-message`;
  const invalid = status === 'invalid';
  const showSuccess = status === 'valid' && success;
  const describedBy =
    [hint ? hintId : null, invalid || showSuccess ? messageId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field field-${status}`}>
      <label class="field-label" for={inputId}>
        {label}
        {optional && <span class="field-optional">optional</span>}
      </label>
      {children({ inputId, describedBy, invalid })}
      {hint && !invalid && (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      <p class="field-message" id={messageId} aria-live="polite">
        {invalid && message && (
          <>
            <Icon name="alert" size={14} /> {message}
          </>
        )}
        {showSuccess && (
          <>
            <Icon name="check" size={14} /> {success}
          </>
        )}
      </p>
    </div>
  );
}

/** The input attributes our text fields use. */
interface InputProps {
  value: string;
  onValue: (value: string) => void;
  type?: 'text' | 'email' | 'url' | 'search';
  autocomplete?: string;
  placeholder?: string;
  maxLength?: number;
  required?: boolean;
  list?: string;
  disabled?: boolean;
}

export function TextField({
  label,
  hint,
  status,
  message,
  success,
  optional,
  value,
  onValue,
  type = 'text',
  autocomplete,
  ...input
}: Omit<FieldProps, 'children'> & InputProps) {
  return (
    <Field label={label} hint={hint} status={status} message={message} success={success} optional={optional}>
      {({ inputId, describedBy, invalid }) => (
        <div class="input-wrap">
          <input
            {...input}
            type={type}
            autoComplete={autocomplete}
            id={inputId}
            class="input"
            value={value}
            onInput={(event) => onValue(event.currentTarget.value)}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          />
          {status === 'valid' && <Icon name="check" size={16} class="input-status" />}
        </div>
      )}
    </Field>
  );
}

export function TextArea({
  label,
  hint,
  status,
  message,
  optional,
  value,
  onValue,
  ...input
}: Omit<FieldProps, 'children'> &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onInput'> & {
    value: string;
    onValue: (value: string) => void;
  }) {
  return (
    <Field label={label} hint={hint} status={status} message={message} optional={optional}>
      {({ inputId, describedBy, invalid }) => (
        <textarea
          {...input}
          id={inputId}
          class="input textarea"
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        />
      )}
    </Field>
  );
}

export function SelectField<T extends string>({
  label,
  hint,
  value,
  onValue,
  options,
  optional,
  disabled,
}: {
  label: string;
  hint?: ComponentChildren;
  value: T;
  onValue: (value: T) => void;
  options: readonly { value: T; label: string }[];
  optional?: boolean;
  disabled?: boolean;
}) {
  return (
    <Field label={label} hint={hint} optional={optional}>
      {({ inputId, describedBy }) => (
        <select
          id={inputId}
          class="input select"
          value={value}
          disabled={disabled}
          aria-describedby={describedBy}
          onChange={(event) => onValue(event.currentTarget.value as T)}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
