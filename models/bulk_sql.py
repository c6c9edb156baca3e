# Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
"""Set-based SQL pieces the engine, the history and the referrals share: ids as one
array literal, a partner filter, and COPY of CSV lines into a table."""

import psycopg2.extensions

from odoo.tools import SQL

# How much of a COPY's lines psycopg2 sends at a time (characters).
COPY_CHUNK = 64 * 1024


def id_array(ids):
    """Ids as one PostgreSQL array literal, for ``= ANY(%s::int4[])``: psycopg2 sends a
    Python list as ``ARRAY[1, 2, …]``, an expression the server parses and plans element
    by element, at each place it is used."""
    return "{" + ",".join(map(str, ids)) + "}"


def partner_filter(column, partner_ids):
    """``column`` is one of ``partner_ids``: ids, or an :class:`SQL` subquery returning
    them. The subquery runs once, as an array the indexes are searched with: PostgreSQL
    plans that faster than a join with it (an order confirmation plans the statement
    that reads its customer every time)."""
    if isinstance(partner_ids, SQL):
        return SQL("%s = ANY(ARRAY(%s))", column, partner_ids)
    return SQL("%s = ANY(%s::int4[])", column, id_array(partner_ids))


class LinesReader:
    """The lines of a COPY as the file psycopg2 reads it from, a chunk at a time."""

    def __init__(self, lines):
        self._lines = iter(lines)

    # a file's read, not the ORM's
    def read(self, size):  # pylint: disable=method-required-super
        chunk, length = [], 0
        for line in self._lines:
            chunk.append(line)
            length += len(line) + 1
            if length >= size:
                break
        return "\n".join(chunk) + "\n" if chunk else ""


def copy_lines(cr, table, columns, lines):
    """Load CSV ``lines`` into ``columns`` of ``table`` with one COPY: the fastest way
    into a table that PostgreSQL has (Odoo loads the external ids of an export the same
    way). The lines are numbers, dates and quoted texts joined as ``str`` makes them:
    an unquoted ``None`` is NULL.

    ``lines`` may be a generator: it is read in chunks while PostgreSQL loads the
    chunks already sent (on another core), rather than joined in full first."""
    copy = SQL(
        "COPY %s (%s) FROM STDIN WITH (FORMAT csv, NULL 'None')",
        SQL.identifier(table),
        SQL(", ").join(map(SQL.identifier, columns)),
    )
    # as Odoo does around a COPY: no asynchronous wait callback (gevent) meanwhile
    callback = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(None)
    try:
        cr.copy_expert(copy.code, LinesReader(lines), size=COPY_CHUNK)
    finally:
        psycopg2.extensions.set_wait_callback(callback)
