#!/usr/bin/env python3
"""Names a wasm module's functions so that sorting them by name puts
similar bodies next to each other, which gzip compresses better.

    order-functions.py IN.wasm OUT.wasm

`wasm-opt --reorder-functions-by-name` then puts them in that order
(scripts/build-npm.sh); the names are stripped after. Each function's
name becomes its rank, a colon and its old name (or index), so a build
that keeps names for a profiler still shows them.

Why: gzip finds repeats only within its 32 KiB window, and the linker
lays functions out by crate and module, not by what their code looks
like. The order is first greedy: from the largest body, each next one is
the body that deflate codes in the fewest bytes, relative to its size
alone, after the last WINDOW bytes placed. Then single functions are
moved wherever the whole deflates smaller. For the npm package's main
module (gzip -9 of the shipped file): 41,326 bytes in the linker's order,
41,154 sorted by name, 40,852 greedy, 40,405 after 8,000 moves (6,000:
40,518; 12,000: 40,350; a greedy window of 4 KiB or 16 KiB did worse
than 1 KiB, and so did moving runs of up to 8 functions).

Deterministic: ties go to the lower function index, and the moves come
from a generator with a fixed seed. The sizes compared are zlib's, so a
build against another zlib (zlib-ng, say) may choose another order: the
same code, other bytes and other content hashes in the split modules'
names. build-npm.sh prints the zlib it used.
"""

import random
import sys
import zlib

WINDOW = 1024
# A deflate window of 2^10 bytes: zlib matches within about the last 762
# bytes of the dictionary; as measured, not derived (a 1.5 KiB dictionary
# with a 2 KiB window did no better).
WBITS = -10
# Moves tried after the greedy order: each is a deflate of the whole code
# section, about 5 ms for the main module.
MOVES = 8000


def leb(data, i):
    """An unsigned LEB128 at data[i]: (value, index after it)."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def uleb(n):
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sections(data):
    """(id, payload start, payload end, section start) of each section."""
    i = 8
    while i < len(data):
        size, start = leb(data, i + 1)
        yield data[i], start, start + size, i
        i = start + size


def name_of(data, start):
    length, i = leb(data, start)
    return data[i : i + length], i + length


def imported_functions(data, start, end):
    """How many functions the import section at `start` imports."""
    count, i = leb(data, start)
    functions = 0
    for _ in range(count):
        _, i = name_of(data, i)
        _, i = name_of(data, i)
        kind = data[i]
        i += 1
        if kind == 0:  # function: a type index
            _, i = leb(data, i)
            functions += 1
        elif kind == 1:  # table: reference type and limits
            i += 1
            flags, i = leb(data, i)
            _, i = leb(data, i)
            if flags & 1:
                _, i = leb(data, i)
        elif kind == 2:  # memory: limits
            flags, i = leb(data, i)
            _, i = leb(data, i)
            if flags & 1:
                _, i = leb(data, i)
        elif kind == 3:  # global: value type and mutability
            i += 2
        else:
            sys.exit(f"order-functions.py: import kind {kind} not known")
    if i != end:
        # An import this parser misread would shift every name.
        sys.exit("order-functions.py: the import section did not parse to its end")
    return functions


def bodies_of(data, start):
    count, i = leb(data, start)
    bodies = []
    for _ in range(count):
        size, body = leb(data, i)
        bodies.append(data[body : body + size])
        i = body + size
    return bodies


def subsections(data, start, end):
    """(id, bytes) of each subsection of a `name` section."""
    _, i = name_of(data, start)
    while i < end:
        size, sub = leb(data, i + 1)
        yield data[i], data[i : sub + size]
        i = sub + size


def function_names(subsection):
    """Function index -> name, from a function names subsection."""
    _, j = leb(subsection, 1)
    count, j = leb(subsection, j)
    names = {}
    for _ in range(count):
        index, j = leb(subsection, j)
        names[index], j = name_of(subsection, j)
    return names


def deflated(body, after):
    c = zlib.compressobj(9, zlib.DEFLATED, WBITS, 9, zlib.Z_DEFAULT_STRATEGY, after)
    return len(c.compress(body) + c.flush())


def greedy_order(bodies):
    alone = [deflated(b, b"\0") for b in bodies]
    left = list(range(len(bodies)))
    first = max(left, key=lambda k: (len(bodies[k]), -k))
    order = [first]
    left.remove(first)
    window = bodies[first][-WINDOW:]
    while left:
        best = min(left, key=lambda k: (deflated(bodies[k], window) / (alone[k] + 1), k))
        order.append(best)
        left.remove(best)
        window = (window + bodies[best])[-WINDOW:]
    return order


def improved(order, bodies):
    """`order` after MOVES tries of moving one function elsewhere, each kept
    if the bodies, concatenated in the new order, deflate smaller (at level
    6: level 9 found the same, slower; level 4 and below did worse)."""
    rng = random.Random(1)

    def size(o):
        return len(zlib.compress(b"".join(bodies[k] for k in o), 6))

    best = size(order)
    for _ in range(MOVES):
        moved = list(order)
        moved.insert(rng.randrange(len(order)), moved.pop(rng.randrange(len(order))))
        s = size(moved)
        if s < best:
            best, order = s, moved
    return order


def main(source, target):
    data = open(source, "rb").read()
    imports = 0
    bodies = None
    names = {}
    # The name section's other subsections (locals, globals, data), kept
    # in their order.
    others = []
    for kind, start, end, _ in sections(data):
        if kind == 2:
            imports = imported_functions(data, start, end)
        elif kind == 10:
            bodies = bodies_of(data, start)
        elif kind == 0 and name_of(data, start)[0] == b"name":
            for sub, raw in subsections(data, start, end):
                if sub == 1:
                    names = function_names(raw)
                else:
                    others.append((sub, raw))
    if not bodies:
        # Nothing to order.
        open(target, "wb").write(data)
        return
    ranked = {}
    for index in range(imports):
        ranked[index] = names.get(index, str(index).encode())
    for rank, k in enumerate(improved(greedy_order(bodies), bodies)):
        index = imports + k
        ranked[index] = f"{rank:05d}:".encode() + names.get(index, str(index).encode())
    entries = b"".join(uleb(i) + uleb(len(n)) + n for i, n in sorted(ranked.items()))
    listed = uleb(len(ranked)) + entries
    others.append((1, b"\x01" + uleb(len(listed)) + listed))
    payload = uleb(4) + b"name" + b"".join(raw for _, raw in sorted(others, key=lambda o: o[0]))
    out = bytearray(data[:8])
    for kind, start, end, section in sections(data):
        # The old `name` section goes; the new one, with the new function
        # names, goes last, where a name section belongs.
        if kind == 0 and name_of(data, start)[0] == b"name":
            continue
        out += data[section:end]
    out += b"\0" + uleb(len(payload)) + payload
    open(target, "wb").write(out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
