/**
 * Ground truth for the profiler's relationship discovery over the sample database and the public
 * Pagila and Chinook datasets (`../shared/datasets`). Every entry was checked by hand against the
 * dataset's DDL and data; the tests also re-derive the declared keys from the connector's
 * introspection so that a change on either side shows.
 */

/** A relationship as `DiscoveredRelationship` spells it (child → parent). */
export interface ExpectedRelationship {
  from_table: string;
  from_columns: string[];
  to_table: string;
  to_columns: string[];
  /** For undeclared ones: why it holds. */
  why?: string;
}

export interface DatasetTruth {
  /** Foreign keys the connector's introspection reports, exactly. */
  declared: ExpectedRelationship[];
  /** How many the introspection reported when this was written (a regression check on introspection). */
  declaredCount: number;
  /** True relationships the introspection does not report that the profiler must find (confidence ≥ 0.8). */
  undeclaredRequired: ExpectedRelationship[];
  /** True relationships the introspection does not report that the profiler may find, at any confidence. */
  undeclaredAllowed: ExpectedRelationship[];
}

/** The lowest confidence at which a relationship counts as found, and above which it must be true. */
export const FOUND_CONFIDENCE = 0.8;

/** `rel('payments.order_id', 'orders.id')`; composite keys as `t.a,b`. */
function rel(from: string, to: string, why?: string): ExpectedRelationship {
  const split = (s: string) => {
    const dot = s.indexOf('.');
    return [s.slice(0, dot), s.slice(dot + 1).split(',')] as const;
  };
  const [fromTable, fromColumns] = split(from);
  const [toTable, toColumns] = split(to);
  return {
    from_table: fromTable,
    from_columns: [...fromColumns],
    to_table: toTable,
    to_columns: [...toColumns],
    ...(why ? { why } : {}),
  };
}

/** `orders.customer_id -> customers.id`: the identity used to compare relationships. */
export function relationshipKey(
  r: Pick<ExpectedRelationship, 'from_table' | 'from_columns' | 'to_table' | 'to_columns'>,
): string {
  return `${r.from_table}.${r.from_columns.join(',')} -> ${r.to_table}.${r.to_columns.join(',')}`;
}

/** Every relationship that holds: declared, required and allowed. */
export function trueRelationshipKeys(truth: DatasetTruth): Set<string> {
  return new Set([...truth.declared, ...truth.undeclaredRequired, ...truth.undeclaredAllowed].map(relationshipKey));
}

/** src/sample/generate-sample-database.ts: five declared keys, five left undeclared on purpose. */
export const SAMPLE_TRUTH: DatasetTruth = {
  declared: [
    rel('categories.parent_id', 'categories.id'),
    rel('products.category_id', 'categories.id'),
    rel('orders.customer_id', 'customers.id'),
    rel('order_items.order_id', 'orders.id'),
    rel('order_items.product_id', 'products.id'),
  ],
  declaredCount: 5,
  undeclaredRequired: [
    rel('payments.order_id', 'orders.id', 'each payment is generated for an order'),
    rel('web_sessions.customer_id', 'customers.id', 'sessions of signed-in customers (NULL for anonymous ones)'),
    rel('web_sessions.landing_product_id', 'products.id', 'the product page a session landed on (NULL otherwise)'),
    rel('product_reviews.product_id', 'products.id', 'reviews are written for purchased products'),
    rel('product_reviews.customer_id', 'customers.id', 'reviews are written by the customer who bought the product'),
  ],
  undeclaredAllowed: [],
};

/**
 * pagila-schema.sql (commit e0e35a6): 18 foreign keys on ordinary tables. `payment` is partitioned by
 * month and its three foreign keys are declared on partitions only (payment_p2022_01..06; the dump
 * declares none on payment_p2022_07, whose values still all match). The introspector folds partitions
 * into `payment`, so these are undeclared as far as the profiler knows, yet declared in the dataset:
 * the profiler must still find them.
 */
export const PAGILA_TRUTH: DatasetTruth = {
  declared: [
    rel('address.city_id', 'city.city_id'),
    rel('city.country_id', 'country.country_id'),
    rel('customer.address_id', 'address.address_id'),
    rel('customer.store_id', 'store.store_id'),
    rel('film.language_id', 'language.language_id'),
    rel('film.original_language_id', 'language.language_id'),
    rel('film_actor.actor_id', 'actor.actor_id'),
    rel('film_actor.film_id', 'film.film_id'),
    rel('film_category.category_id', 'category.category_id'),
    rel('film_category.film_id', 'film.film_id'),
    rel('inventory.film_id', 'film.film_id'),
    rel('inventory.store_id', 'store.store_id'),
    rel('rental.customer_id', 'customer.customer_id'),
    rel('rental.inventory_id', 'inventory.inventory_id'),
    rel('rental.staff_id', 'staff.staff_id'),
    rel('staff.address_id', 'address.address_id'),
    rel('staff.store_id', 'store.store_id'),
    rel('store.address_id', 'address.address_id'),
  ],
  declaredCount: 18,
  undeclaredRequired: [
    rel('payment.customer_id', 'customer.customer_id', 'declared on partitions (payment_p2022_0N_customer_id_fkey)'),
    rel('payment.rental_id', 'rental.rental_id', 'declared on partitions (payment_p2022_0N_rental_id_fkey)'),
    rel('payment.staff_id', 'staff.staff_id', 'declared on partitions (payment_p2022_0N_staff_id_fkey)'),
  ],
  undeclaredAllowed: [
    rel(
      'store.manager_staff_id',
      'staff.staff_id',
      "Sakila's store_manager_staff_id_fkey, dropped in Pagila; the sales_by_store view joins on it and every value is a staff_id",
    ),
    rel('actor_info.actor_id', 'actor.actor_id', 'the actor_info view selects actor.actor_id (one row per actor)'),
  ],
};

/** Pagila's `payment` partitions, and how many of them declare each of its three foreign keys. */
export const PAGILA_PAYMENT_PARTITIONS = { partitions: 7, declaring: 6 };

/** Chinook_PostgreSql.sql (Chinook 1.4.5): snake_case names, 11 declared keys, nothing undeclared. */
export const CHINOOK_POSTGRESQL_TRUTH: DatasetTruth = {
  declared: [
    rel('album.artist_id', 'artist.artist_id'),
    rel('customer.support_rep_id', 'employee.employee_id'),
    rel('employee.reports_to', 'employee.employee_id'),
    rel('invoice.customer_id', 'customer.customer_id'),
    rel('invoice_line.invoice_id', 'invoice.invoice_id'),
    rel('invoice_line.track_id', 'track.track_id'),
    rel('playlist_track.playlist_id', 'playlist.playlist_id'),
    rel('playlist_track.track_id', 'track.track_id'),
    rel('track.album_id', 'album.album_id'),
    rel('track.genre_id', 'genre.genre_id'),
    rel('track.media_type_id', 'media_type.media_type_id'),
  ],
  declaredCount: 11,
  undeclaredRequired: [],
  undeclaredAllowed: [],
};

/** Chinook_Sqlite.sqlite: the same 11 keys in PascalCase. */
export const CHINOOK_SQLITE_TRUTH: DatasetTruth = {
  declared: [
    rel('Album.ArtistId', 'Artist.ArtistId'),
    rel('Customer.SupportRepId', 'Employee.EmployeeId'),
    rel('Employee.ReportsTo', 'Employee.EmployeeId'),
    rel('Invoice.CustomerId', 'Customer.CustomerId'),
    rel('InvoiceLine.InvoiceId', 'Invoice.InvoiceId'),
    rel('InvoiceLine.TrackId', 'Track.TrackId'),
    rel('PlaylistTrack.PlaylistId', 'Playlist.PlaylistId'),
    rel('PlaylistTrack.TrackId', 'Track.TrackId'),
    rel('Track.AlbumId', 'Album.AlbumId'),
    rel('Track.GenreId', 'Genre.GenreId'),
    rel('Track.MediaTypeId', 'MediaType.MediaTypeId'),
  ],
  declaredCount: 11,
  undeclaredRequired: [],
  undeclaredAllowed: [],
};

/**
 * TPC-H (dss.ddl, loaded into PostgreSQL: lower-case names) declares no keys at all; its keys are
 * named after their table behind a per-table column prefix (`c_nationkey` → `n_nationkey`). The
 * nine single-column references of the TPC-H specification, checked against the data (all contained).
 */
export const TPCH_TRUTH: DatasetTruth = {
  declared: [],
  declaredCount: 0,
  undeclaredRequired: [
    rel('nation.n_regionkey', 'region.r_regionkey', 'TPC-H spec: nation belongs to a region'),
    rel('supplier.s_nationkey', 'nation.n_nationkey', 'TPC-H spec'),
    rel('customer.c_nationkey', 'nation.n_nationkey', 'TPC-H spec'),
    rel('partsupp.ps_partkey', 'part.p_partkey', 'TPC-H spec'),
    rel('partsupp.ps_suppkey', 'supplier.s_suppkey', 'TPC-H spec'),
    rel('orders.o_custkey', 'customer.c_custkey', 'TPC-H spec'),
    rel('lineitem.l_orderkey', 'orders.o_orderkey', 'TPC-H spec'),
    rel('lineitem.l_partkey', 'part.p_partkey', 'TPC-H spec'),
    rel('lineitem.l_suppkey', 'supplier.s_suppkey', 'TPC-H spec'),
  ],
  // (l_partkey, l_suppkey) → partsupp is composite: allowed, not required.
  undeclaredAllowed: [rel('lineitem.l_partkey,l_suppkey', 'partsupp.ps_partkey,ps_suppkey')],
};
