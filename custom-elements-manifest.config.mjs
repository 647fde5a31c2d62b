import { posix } from 'node:path';

/**
 * `npm run manifest` (part of `npm run build`): custom-elements.json from the elements' JSDoc
 * (`@summary @fires @csspart @cssprop @slot`) and Lit's `static properties`. The manifest
 * ships in the package and names the files it ships (`dist/…/*.js`), not the sources.
 */
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/locales/**'],
  outdir: '.',
  litelement: true,
  // package.json already names the manifest ("customElements"); never rewrite it.
  packagejson: false,
  plugins: [defineElementCalls(), litStateHasNoAttribute(), documentedEventsOnly(), abstractBasesAreClasses(), shippedPaths()],
};

/**
 * The elements register through `defineElement('we-x', WeXElement)` rather than
 * `customElements.define`, which the analyzer knows: record each such call as the
 * `custom-element-definition` it is, so that every element gets its `tagName`.
 */
function defineElementCalls() {
  return {
    name: 'we-define-element-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (
        !ts.isCallExpression(node) ||
        !ts.isIdentifier(node.expression) ||
        node.expression.text !== 'defineElement' ||
        node.arguments.length !== 2
      ) {
        return;
      }
      const [tag, klass] = node.arguments;
      if (!ts.isStringLiteral(tag) || !ts.isIdentifier(klass)) return;
      moduleDoc.exports.push({
        kind: 'custom-element-definition',
        name: tag.text,
        declaration: { name: klass.text, module: importedFrom(ts, node.getSourceFile(), klass.text, moduleDoc.path) },
      });
    },
  };
}

/**
 * A Lit property declared `{ state: true }` in `static properties` is internal reactive state
 * with no attribute; the analyzer lists it as an attribute all the same. Drop those.
 */
function litStateHasNoAttribute() {
  const stateFields = new Set();
  return {
    name: 'we-lit-state-has-no-attribute',
    analyzePhase({ ts, node }) {
      if (
        !ts.isPropertyDeclaration(node) ||
        !ts.isIdentifier(node.name) ||
        node.name.text !== 'properties' ||
        !node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ||
        node.initializer === undefined ||
        !ts.isObjectLiteralExpression(node.initializer) ||
        !ts.isClassDeclaration(node.parent) ||
        node.parent.name === undefined
      ) {
        return;
      }
      for (const property of node.initializer.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) continue;
        const isState = property.initializer.properties.some(
          (option) =>
            ts.isPropertyAssignment(option) &&
            option.name.getText() === 'state' &&
            option.initializer.kind === ts.SyntaxKind.TrueKeyword,
        );
        if (isState) stateFields.add(`${node.parent.name.text}.${property.name.getText()}`);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const isState = (field) => stateFields.has(`${declaration.name}.${field}`);
          if (declaration.attributes !== undefined) {
            declaration.attributes = declaration.attributes.filter((attribute) => !isState(attribute.fieldName));
          }
          for (const member of declaration.members ?? []) {
            if (isState(member.name)) delete member.attribute;
          }
        }
      }
    },
  };
}

/**
 * Events come from `@fires`. The analyzer also guesses one from every
 * `this.dispatchEvent(new WeXEvent(arg))`, naming it after `arg`; such a guess of a class that
 * `@fires` already documents is dropped. `defineElement`'s own generic
 * `customElements.define(tagName, constructor)` is no element definition either.
 */
function documentedEventsOnly() {
  return {
    name: 'we-documented-events-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        module.exports = (module.exports ?? []).filter(
          (entry) => entry.kind !== 'custom-element-definition' || entry.name.includes('-'),
        );
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement || declaration.events === undefined) continue;
          const documented = new Set(declaration.events.filter((event) => event.description).map((event) => event.type?.text));
          declaration.events = declaration.events.filter((event) => event.description || !documented.has(event.type?.text));
        }
      }
    },
  };
}

/** The module path (as the manifest writes it) that `name` is imported from in `file`. */
function importedFrom(ts, file, name, modulePath) {
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings === undefined || !ts.isNamedImports(bindings)) continue;
    if (bindings.elements.some((element) => element.name.text === name)) {
      const target = posix.join(posix.dirname(modulePath), statement.moduleSpecifier.text);
      return target.replace(/\.js$/, '.ts');
    }
  }
  return modulePath;
}

/** `src/elements/x.ts` → `dist/elements/x.js` in every module path and reference. */
/**
 * A Lit base class no tag is defined with (`CompanionElement`) is listed as a plain class, the
 * source of its subclasses' inherited members, not as a custom element without a tag.
 */
function abstractBasesAreClasses() {
  return {
    name: 'we-abstract-bases-are-classes',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.customElement && declaration.tagName === undefined) delete declaration.customElement;
        }
      }
    },
  };
}

function shippedPaths() {
  const shipped = (path) => path.replace(/^(\.\/)?src\/(.*)\.ts$/, 'dist/$2.js');
  return {
    name: 'we-shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      const visit = (value) => {
        if (Array.isArray(value)) {
          value.forEach(visit);
        } else if (value !== null && typeof value === 'object') {
          for (const [key, child] of Object.entries(value)) {
            if ((key === 'path' || key === 'module') && typeof child === 'string') value[key] = shipped(child);
            else visit(child);
          }
        }
      };
      visit(customElementsManifest);
    },
  };
}
