import { mapWithRules, type CanonicalType, type TypeRule } from '../canonical-type.js';

/**
 * MySQL / MariaDB column types as `information_schema.COLUMNS.COLUMN_TYPE` spells them
 * (`tinyint(1)`, `int(10) unsigned`, `decimal(10,2)`, `enum('a','b')`, `bigint(20) unsigned zerofill`).
 * Order matters: the boolean spellings come before the integer family they belong to.
 */
const RULES: readonly TypeRule[] = [
  // BOOL/BOOLEAN are aliases the server stores as tinyint(1); tinyint(1) is the universal boolean idiom.
  [/^(bool|boolean)$/, 'boolean'],
  [/^tinyint\s*\(\s*1\s*\)/, 'boolean'],
  [/^bit(\s*\(\s*1\s*\))?$/, 'boolean'],
  [/^bit\b/, 'binary'],
  [/^(tinyint|smallint|mediumint|middleint|int|integer|bigint|serial|int[1-8])\b/, 'integer'],
  [/^year\b/, 'integer'],
  [/^(decimal|numeric|dec|fixed)\b/, 'decimal'],
  [/^(float|double|real)\b/, 'float'],
  [/^date$/, 'date'],
  [/^(datetime|timestamp)\b/, 'timestamp'],
  [/^time\b/, 'time'],
  [/^json\b/, 'json'],
  // MariaDB 10.7+ has a native UUID type.
  [/^uuid\b/, 'uuid'],
  [/^(binary|varbinary|tinyblob|blob|mediumblob|longblob|long\s+varbinary)\b/, 'binary'],
  // MariaDB 10.10+ INET4/INET6 come back as their text form.
  [
    /^(char|varchar|character|nchar|nvarchar|national|tinytext|text|mediumtext|longtext|long|enum|set|inet4|inet6)\b/,
    'string',
  ],
  [
    /^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection|geomcollection)\b/,
    'geography',
  ],
];

/** Canonical type of a MySQL/MariaDB native column type; unknown or malformed input gives 'unknown'. */
export function mapMysqlType(nativeType: string | null | undefined): CanonicalType {
  return mapWithRules(RULES, nativeType);
}

/** The protocol's column type codes (see mysql2's lib/constants/types.js), as SQL type names. */
const WIRE_TYPES: Record<number, string> = {
  0: 'decimal',
  1: 'tinyint',
  2: 'smallint',
  3: 'int',
  4: 'float',
  5: 'double',
  6: 'null',
  7: 'timestamp',
  8: 'bigint',
  9: 'mediumint',
  10: 'date',
  11: 'time',
  12: 'datetime',
  13: 'year',
  14: 'date',
  15: 'varchar',
  16: 'bit',
  242: 'vector',
  245: 'json',
  246: 'decimal',
  247: 'enum',
  248: 'set',
  249: 'tinyblob',
  250: 'mediumblob',
  251: 'longblob',
  252: 'blob',
  253: 'varchar',
  254: 'char',
  255: 'geometry',
};

/** Character set number 63 is `binary`: the protocol uses it to tell BLOB from TEXT and VARBINARY from VARCHAR. */
const BINARY_CHARSET = 63;

/**
 * Native type name of a result column from its protocol type code and character set, e.g.
 * `{columnType: 252, characterSet: 45}` → `text`. Undefined for codes the protocol does not define.
 */
export function mysqlWireTypeName(columnType: number, characterSet?: number): string | undefined {
  const name = WIRE_TYPES[columnType];
  if (!name) return undefined;
  const binary = characterSet === BINARY_CHARSET;
  if (name.endsWith('blob') && !binary) return name.replace('blob', 'text');
  if (name === 'varchar' && binary && columnType === 0xfd) return 'varbinary';
  if (name === 'char' && binary) return 'binary';
  return name;
}
