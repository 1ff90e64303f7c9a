/**
 * Finds the share links under a root that have no badge yet. Cheap tests first (extension-
 * practice.md, cost table): a query for share anchors, then `textContent` tests for the host
 * names, descending only into elements whose text names one, so that only the text nodes of
 * those branches are visited. A TreeWalker over every text node would create a JS wrapper for
 * each one in the content script's world: on the bench's 36,000-text-node page that cold walk
 * costs about twice the descent. Each block's context is then built and parsed once per pass.
 */
import { mayNameHost } from '../links/parse';
import { isElement, isExcluded, isSkipped, isText, ownerOf } from './context';

// One selector, not a list of three: the list is matched once per selector on every element.
const SHARE_ANCHORS = 'a:is([href*="alipan" i],[href*="aliyundrive" i],[href*="alywp" i])';
/** Nodes visited between two pause points. */
const STEP = 256;

/**
 * The owners of the candidates under `roots` (lib/content/context.ts), each once: the caller reads
 * an owner's occurrences (`occurrencesIn(contextOf(owner))`) and inserts their badges before
 * asking for the next (a later owner's context may cover the same links and checks for their
 * badges). `null` marks a point where the caller may pause. `seen` holds the candidates of
 * earlier passes.
 */
export function* findOwners(roots: Iterable<Node>, seen: WeakSet<Node>): Generator<Node | null> {
  const owners = new Set<Node>();
  const blockLengths = new Map<Element, number>();
  const blockChars = (block: Element) => {
    if (!blockLengths.has(block)) blockLengths.set(block, block.textContent?.length ?? 0);
    return blockLengths.get(block) ?? 0;
  };
  for (const root of roots) {
    for (const candidate of candidates(root, seen)) {
      // Between two pauses the page may have removed the candidate.
      if (candidate === null || !candidate.isConnected) {
        yield null;
        continue;
      }
      // Candidates of one block (an anchor and its text, a link and its copy) share a context.
      const owner = ownerOf(candidate, blockChars);
      if (owners.has(owner)) continue;
      owners.add(owner);
      yield owner;
    }
  }
}

/** Share anchors, and text nodes naming a host, under `root` (or `root` itself), each once. */
function* candidates(root: Node, seen: WeakSet<Node>): Generator<Node | null> {
  let anchors: Element[] | NodeListOf<Element> = [];
  if (isElement(root)) {
    anchors = root.matches(SHARE_ANCHORS) ? [root] : root.querySelectorAll(SHARE_ANCHORS);
    for (const anchor of anchors) {
      if (seen.has(anchor) || isExcluded(anchor)) continue;
      seen.add(anchor);
      yield anchor;
    }
  }
  // Depth first, in document order, into the elements whose text names a host. Below the
  // root, the descent itself keeps out of skipped elements. The root's own text is read only
  // when it holds no share anchor: then it most likely names no host either (most pages, most
  // additions), and one test settles it; with one, its children's texts tell where to go.
  if (isExcluded(isElement(root) ? root : root.parentElement)) return;
  if (anchors.length === 0 && !mayNameHost(root.textContent ?? '')) return;
  const stack = [root];
  let visited = 0;
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (++visited % STEP === 0) yield null;
    if (isText(node)) {
      if (mayNameHost(node.data) && !seen.has(node)) {
        seen.add(node);
        yield node;
      }
      continue;
    }
    // The text of a lone element child is its parent's, less the parent's own text nodes: no
    // need to build it again (wrapper elements nest deep in web apps).
    const lone = (node as Element).childElementCount === 1 && !hasTextNamingHost(node);
    for (let child = node.lastChild; child; child = child.previousSibling) {
      if (isText(child)) stack.push(child);
      else if (isElement(child) && (lone || mayNameHost(child.textContent ?? '')) && !isSkipped(child))
        stack.push(child);
    }
  }
}

function hasTextNamingHost(parent: Node): boolean {
  for (let child = parent.firstChild; child; child = child.nextSibling)
    if (isText(child) && mayNameHost(child.data)) return true;
  return false;
}
