import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityDisplayName,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

interface PickerProps {
  id: string;
  label: string;
  /** Catalog kinds offered, for example `['Component', 'System']`. */
  kinds: string[];
  helperText?: string;
  error?: boolean;
  required?: boolean;
}

/** Properties of {@link CatalogEntityPicker}. */
export type CatalogEntityPickerProps = PickerProps &
  (
    | { multiple: true; value: string[]; onChange(value: string[]): void }
    | {
        multiple?: false;
        value: string | null;
        onChange(value: string | null): void;
      }
  );

function describe(ref: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultNamespace: false });
  } catch {
    return ref;
  }
}

function titleOf(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return profile?.displayName ?? entity.metadata.title ?? entity.metadata.name;
}

/**
 * Picks entity refs from the catalog: the options are searched in the catalog
 * as the user types (by name and title), so large catalogs stay fast.
 */
export function CatalogEntityPicker(props: CatalogEntityPickerProps) {
  const { id, label, kinds, helperText, error, required } = props;
  const catalogApi = useApi(catalogApiRef);
  const [input, setInput] = useState('');
  const [term, setTerm] = useState('');
  const [options, setOptions] = useState<string[]>([]);
  const [titles, setTitles] = useState<Record<string, string>>({});
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState(false);

  useDebounce(() => setTerm(input.trim()), 250, [input]);

  useEffect(() => {
    if (!open) return undefined;
    let cancelled = false;
    setLoading(true);
    catalogApi
      .queryEntities({
        filter: { kind: kinds },
        fullTextFilter: term
          ? {
              term,
              fields: [
                'metadata.name',
                'metadata.title',
                'spec.profile.displayName',
              ],
            }
          : undefined,
        orderFields: { field: 'metadata.name', order: 'asc' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile.displayName',
        ],
        limit: 30,
      })
      .then(({ items }) => {
        if (cancelled) return;
        const refs = items.map(e => stringifyEntityRef(e));
        setOptions(refs);
        setTitles(t => ({
          ...t,
          ...Object.fromEntries(items.map((e, i) => [refs[i], titleOf(e)])),
        }));
      })
      .catch(() => {
        if (!cancelled) setOptions([]);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [catalogApi, kinds, term, open]);

  // Values chosen before the picker opened (a shared URL, a form being
  // edited) are shown with their titles too.
  const chosenKey = (props.multiple ? props.value : [props.value])
    .filter(Boolean)
    .join('\n');
  const single = props.multiple ? undefined : props.value;
  useEffect(() => {
    const missing = chosenKey
      ? chosenKey.split('\n').filter(ref => !titles[ref])
      : [];
    if (!missing.length) return undefined;
    let cancelled = false;
    catalogApi
      .getEntitiesByRefs({
        entityRefs: missing,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'spec.profile.displayName',
        ],
      })
      .then(({ items }) => {
        if (cancelled) return;
        const found: Record<string, string> = {};
        items.forEach((e, i) => {
          if (e) found[missing[i]] = titleOf(e);
        });
        setTitles(t => ({ ...t, ...found }));
        if (single && found[single]) {
          setInput(`${found[single]} (${describe(single)})`);
        }
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, chosenKey]);

  const optionLabel = (ref: string) =>
    titles[ref] ? `${titles[ref]} (${describe(ref)})` : describe(ref);

  // Chosen values stay options, or Autocomplete considers them invalid.
  const chosen = props.multiple ? props.value : [props.value ?? ''];
  const allOptions = [...new Set([...chosen.filter(Boolean), ...options])];

  const common = {
    id,
    open,
    onOpen: () => setOpen(true),
    onClose: () => setOpen(false),
    options: allOptions,
    loading,
    // The catalog already filtered by the typed text.
    filterOptions: (o: string[]) => o,
    getOptionLabel: optionLabel,
    getOptionSelected: (option: string, value: string) => option === value,
    inputValue: input,
    onInputChange: (_: unknown, value: string) => setInput(value),
    renderInput: (params: object) => (
      <TextField
        {...params}
        label={label}
        variant="outlined"
        margin="dense"
        required={required}
        error={error}
        helperText={helperText}
      />
    ),
  };

  if (props.multiple) {
    return (
      <Autocomplete<string, true, false, false>
        {...common}
        multiple
        filterSelectedOptions
        value={props.value}
        onChange={(_, value) => props.onChange(value)}
        renderTags={(value, getTagProps) =>
          value.map((ref, index) => (
            <Chip
              size="small"
              label={<EntityDisplayName entityRef={ref} disableTooltip />}
              {...getTagProps({ index })}
              key={ref}
            />
          ))
        }
      />
    );
  }
  return (
    <Autocomplete<string, false, false, false>
      {...common}
      value={props.value}
      onChange={(_, value) => props.onChange(value)}
    />
  );
}
