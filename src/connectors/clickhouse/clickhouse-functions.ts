import { functionSet } from '../function-set.js';

/** Aggregates, which ClickHouse also accepts with the -If, -Array, -OrNull, ... combinator suffixes. */
const AGGREGATES = `
  count sum avg min max any anylast anyheavy argmin argmax uniq uniqexact uniqcombined uniqcombined64 uniqhll12
  uniqtheta grouparray groupuniqarray grouparraysorted groupbitand groupbitor groupbitxor median quantile quantiles
  quantileexact quantilesexact quantiletiming quantiletdigest quantilestdigest quantiledeterministic
  quantileexactweighted medianexact stddevpop stddevsamp varpop varsamp covarpop covarsamp corr topk topkweighted
  histogram summap minmap maxmap sumwithoverflow avgweighted simplelinearregression entropy skewpop skewsamp
  kurtpop kurtsamp first_value last_value any_value stddev_pop stddev_samp var_pop var_samp
`;
const COMBINATORS = ['', 'if', 'array', 'ornull', 'ordefault', 'distinct', 'state', 'merge', 'foreach', 'simplestate'];

/**
 * ClickHouse functions the SQL guard lets a query call (lower-case names). Built from the ClickHouse
 * reference "Regular Functions" (arithmetic, comparison, logical, conditional, math, rounding, type
 * conversion, dates and times, strings, string search and replace, arrays, tuples, maps, JSON, hashes,
 * UUIDs, IP addresses, nullable handling), "Aggregate Functions" with their combinators, "Window Functions",
 * and the row-generating table functions (numbers, zeros, generate_series, values, view).
 * Left out on purpose (fail closed): sleep, sleepEachRow, every table function that reaches files or other
 * servers (file, url, s3, remote, mysql, postgresql, executable, ...), dictionary and join-engine reads
 * (dictGet*, joinGet), host and filesystem information, and settings/macros readers.
 */
export const CLICKHOUSE_FUNCTIONS: ReadonlySet<string> = functionSet(`
  ${AGGREGATES.split(/\s+/)
    .filter(Boolean)
    .flatMap((name) => COMBINATORS.map((suffix) => name + suffix))
    .join(' ')}
  countif sumif avgif minif maxif uniqif
  -- window functions
  row_number rank dense_rank percent_rank cume_dist ntile lag lead laginframe leadinframe nth_value
  -- arithmetic, math, rounding
  plus minus multiply divide intdiv intdivorzero modulo moduloorzero negate abs gcd lcm greatest least pi e exp
  exp2 exp10 log ln log2 log10 sqrt cbrt pow power sign sin cos tan asin acos atan atan2 sinh cosh tanh round
  roundbankers floor ceil ceiling trunc truncate rounddown
  -- conditional and null handling
  if multiif isnull isnotnull coalesce ifnull nullif assumenotnull tonullable
  -- type conversion
  tostring tofixedstring toint8 toint16 toint32 toint64 toint128 toint256 touint8 touint16 touint32 touint64
  touint128 touint256 tofloat32 tofloat64 todecimal32 todecimal64 todecimal128 todecimal256 toint32ornull
  toint64ornull tofloat64ornull todateornull todatetimeornull toint32orzero toint64orzero tofloat64orzero
  tostringcuttozero tobool cast accuratecast accuratecastornull totypename reinterpretasstring
  -- dates and times
  todate todate32 todatetime todatetime64 tostartofday tostartofweek tostartofmonth tostartofquarter
  tostartofyear tostartofhour tostartofminute tostartofsecond tostartoffiveminutes tostartoftenminutes
  tostartoffifteenminutes tostartofinterval tomonday toyear tomonth todayofmonth todayofweek todayofyear tohour
  tominute tosecond toquarter toyyyymm toyyyymmdd toyyyymmddhhmmss tounixtimestamp toisoweek toisoyear toweek
  toyearweek torelativedaynum torelativemonthnum torelativeyearnum torelativeweeknum torelativehournum now now64
  today yesterday datediff date_diff dateadd date_add datesub date_sub date_trunc datetrunc adddays addweeks
  addmonths addquarters addyears addhours addminutes addseconds subtractdays subtractweeks subtractmonths
  subtractquarters subtractyears subtracthours subtractminutes subtractseconds formatdatetime parsedatetime
  parsedatetimebesteffort parsedatetimebesteffortornull parsedatetime64besteffort totimezone fromunixtimestamp
  timeslot timeslots age makedate makedatetime tolastdayofmonth extract
  tointervalsecond tointervalminute tointervalhour tointervalday tointervalweek tointervalmonth tointervalquarter
  tointervalyear
  -- strings
  length lengthutf8 empty notempty lower upper lowerutf8 upperutf8 substring substr substringutf8 concat
  concatwithseparator trim trimboth trimleft trimright ltrim rtrim replace replaceall replaceone
  replaceregexpall replaceregexpone position positioncaseinsensitive locate like ilike notlike notilike match
  extractall splitbychar splitbystring splitbyregexp arraystringconcat leftpad rightpad lpad rpad reverse repeat
  format startswith endswith base64encode base64decode hex unhex left right initcap char ascii
  -- formatting and row neighbours
  formatreadablesize formatreadablequantity formatreadabletimedelta bar runningdifference neighbor
  -- hashes and UUIDs
  md5 sha1 sha224 sha256 cityhash64 siphash64 xxhash32 xxhash64 murmurhash3_32 murmurhash3_64 farmhash64
  generateuuidv4 touuid
  -- arrays, tuples, maps
  array has hasall hasany indexof arrayelement arrayconcat arrayfilter arraymap arrayexists arrayall arraysort
  arrayreversesort arraydistinct arrayuniq arraycount arraysum arrayavg arraymin arraymax arrayslice
  arraypushback arraypushfront arrayreduce arrayenumerate arrayjoin range emptyarraystring tuple tupleelement map
  mapkeys mapvalues mapcontains
  -- JSON
  jsonextract jsonextractstring jsonextractint jsonextractuint jsonextractfloat jsonextractbool jsonextractraw
  jsonextractkeys jsonhas jsonlength jsontype json_value json_query json_exists
  -- IP addresses
  ipv4numtostring ipv4stringtonum ipv6numtostring ipv6stringtonum toipv4 toipv6
  -- SQL-standard spellings ClickHouse accepts
  current_date current_timestamp current_database
  -- session information
  currentdatabase currentuser version timezone
  -- row-generating table functions
  numbers numbers_mt zeros zeros_mt generate_series generateseries values view
`);

/**
 * ClickHouse table functions that only generate rows, the only ones the guard lets a query read FROM;
 * every other one is refused (most reach files or servers: `file`, `url`, `remote`, `s3`, `mysql`...).
 */
export const CLICKHOUSE_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'numbers',
  'numbers_mt',
  'zeros',
  'zeros_mt',
  'generate_series',
  'generateseries',
  'values',
  'view',
]);
