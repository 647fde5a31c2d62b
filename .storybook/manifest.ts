import type { ArgTypesEnhancer, InputType, StrictArgTypes } from 'storybook/internal/types';

/**
 * The parts of a Custom Elements Manifest (schema 2.x, as `cem analyze` writes it) that
 * Storybook reads for the Controls panel.
 */
interface Member {
  kind: string;
  name: string;
  privacy?: string;
  static?: boolean;
  attribute?: string;
  type?: { text: string };
}

interface Attribute {
  name: string;
  fieldName?: string;
}

interface Declaration {
  kind: string;
  name: string;
  customElement?: boolean;
  tagName?: string;
  members?: Member[];
  attributes?: Attribute[];
  [key: string]: unknown;
}

interface Module {
  path: string;
  declarations?: Declaration[];
  exports?: { kind: string; name: string; declaration: { name: string; module?: string } }[];
}

export interface Manifest {
  schemaVersion: string;
  modules: Module[];
}

const isPublic = (name: string, privacy: string | undefined) => !name.startsWith('_') && !name.startsWith('#') && (privacy ?? 'public') === 'public';

/**
 * The manifest as the Controls panel should see it: only the public API (Storybook lists
 * every member, private ones too), and a property with an attribute once, as its attribute.
 * An element whose `tagName` the analyzer did not set gets it from the module's
 * `custom-element-definition` export, as Storybook matches stories to elements by tag.
 */
export function forControls(manifest: Manifest): Manifest {
  const definitions = new Map<string, string>();
  for (const module of manifest.modules) {
    for (const entry of module.exports ?? []) {
      if (entry.kind === 'custom-element-definition') definitions.set(entry.declaration.name, entry.name);
    }
  }
  return {
    ...manifest,
    modules: manifest.modules.map((module) => ({
      ...module,
      declarations: (module.declarations ?? []).map((declaration) => {
        if (declaration.customElement !== true) return declaration;
        const tagName = declaration.tagName ?? definitions.get(declaration.name);
        return {
          ...declaration,
          ...(tagName === undefined ? {} : { tagName }),
          members: (declaration.members ?? []).filter(
            (member) => member.kind === 'field' && member.static !== true && isPublic(member.name, member.privacy) && member.attribute === undefined,
          ),
          attributes: (declaration.attributes ?? []).filter(
            (attribute) => isPublic(attribute.name, undefined) && isPublic(attribute.fieldName ?? attribute.name, undefined),
          ),
        };
      }),
    })),
  };
}

const PRIMITIVE = /^(string|number|boolean)$/;

/** `'grid' | 'speaker' | undefined` → `['grid', 'speaker']`; anything else → undefined. */
function literalUnion(types: string[]): string[] | undefined {
  const values = types.map((type) => /^'([^']*)'$/.exec(type)?.[1]);
  return values.every((value) => value !== undefined) ? (values as string[]) : undefined;
}

function controlFor(argType: InputType, aliases: Aliases): Partial<InputType> {
  const category = argType.table?.category;
  if (argType.action !== undefined) return {};
  if (category === 'css custom properties') {
    // A colour's default is a colour, or (themed) the description names one per theme.
    const documented = `${argType.table?.defaultValue?.summary ?? ''} ${argType.description ?? ''}`;
    return { control: { type: /#[0-9a-f]{3,8}\b|\b(rgb|hsl)a?\(/i.test(documented) ? 'color' : 'text' } };
  }
  // Attributes only: a property without an attribute (a client, a token provider) and
  // events, slots and parts have nothing a text box could set.
  if (category !== 'attributes') return { control: false };
  const types = String(typeof argType.type === 'object' ? argType.type.name : (argType.type ?? ''))
    .split('|')
    .map((type) => type.trim())
    .filter((type) => type !== 'undefined' && type !== 'null');
  if (types.length === 1 && PRIMITIVE.test(types[0]!)) return { type: { name: types[0] as 'string' | 'number' | 'boolean' } };
  const options = literalUnion(types) ?? (types.length === 1 ? aliases[types[0]!] : undefined);
  if (options !== undefined) return { type: { name: 'enum', value: [...options] }, options: [...options], control: { type: 'select' } };
  return { control: false };
}

/** The values of type aliases the manifest names but does not spell out (`ThemeName`). */
export type Aliases = Record<string, readonly string[]>;

/**
 * Turns the TypeScript types the manifest gives as text into controls: a text box, number
 * or switch for attributes of those types, a select for string-literal unions and for the
 * `aliases` given, a colour picker or text box for CSS custom properties, no control for
 * the rest.
 */
export function controlsFromManifestTypes(aliases: Aliases = {}): ArgTypesEnhancer {
  return ({ argTypes }) =>
    Object.fromEntries(
      Object.entries(argTypes).map(([name, argType]) => [name, { ...argType, ...controlFor(argType, aliases) }]),
    ) as StrictArgTypes;
}
