import type { Document, Element, Node } from '@xmldom/xmldom';

// DOM node types, spelled out because the DOM lib (and its Node constants) is not in this project's types.
export const ELEMENT_NODE = 1;
export const ENTITY_REFERENCE_NODE = 5;
export const ENTITY_NODE = 6;
export const PROCESSING_INSTRUCTION_NODE = 7;
export const COMMENT_NODE = 8;
export const DOCUMENT_TYPE_NODE = 10;

/** Attribute local names that XML-DSig implementations (xml-crypto included) resolve `#id` references by. */
export const ID_ATTRIBUTE_NAMES: readonly string[] = ['ID', 'Id', 'id'];

export function isElement(node: Node | null | undefined): node is Element {
  return node != null && node.nodeType === ELEMENT_NODE;
}

export function isNamed(element: Element, namespace: string, localName: string): boolean {
  return element.namespaceURI === namespace && element.localName === localName;
}

export function childElements(parent: Node): Element[] {
  const children: Element[] = [];
  for (let child = parent.firstChild; child != null; child = child.nextSibling) {
    if (isElement(child)) children.push(child);
  }
  return children;
}

export function childrenNamed(parent: Node, namespace: string, localName: string): Element[] {
  return childElements(parent).filter((child) => isNamed(child, namespace, localName));
}

/** Every node below `root`, document order, without recursion (hostile documents may nest deeply). */
export function descendants(root: Node): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [];
  for (let child = root.lastChild; child != null; child = child.previousSibling) stack.push(child);
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    found.push(node);
    for (let child = node.lastChild; child != null; child = child.previousSibling) stack.push(child);
  }
  return found;
}

export function descendantElementsNamed(root: Node, namespace: string, localName: string): Element[] {
  return descendants(root).filter(
    (node): node is Element => isElement(node) && isNamed(node, namespace, localName),
  );
}

/** The element's own ID value, looked up the way reference resolution does (any namespace). */
export function idOf(element: Element): string | undefined {
  for (const name of ID_ATTRIBUTE_NAMES) {
    const value = element.getAttribute(name);
    if (value !== null && value !== '') return value;
  }
  return undefined;
}

/** All ID-like attribute values in the document, with duplicates kept. */
export function allIdValues(document: Document): string[] {
  const values: string[] = [];
  for (const node of descendants(document)) {
    if (!isElement(node)) continue;
    for (let i = 0; i < node.attributes.length; i++) {
      const attribute = node.attributes.item(i);
      if (attribute != null && ID_ATTRIBUTE_NAMES.includes(attribute.localName ?? attribute.name)) {
        values.push(attribute.value);
      }
    }
  }
  return values;
}

/** Concatenated text of an element, trimmed: the canonical form we read from has no comments left. */
export function textOf(element: Element): string {
  return (element.textContent ?? '').trim();
}
