/**
 * Static word lists and reference data for the sample e-commerce database.
 * All names are fictional combinations; nothing here identifies a real person.
 */

export interface CountryInfo {
  code: string;
  name: string;
  weight: number;
  dialCode: string;
  cities: readonly string[];
}

export const COUNTRIES: readonly CountryInfo[] = [
  {
    code: 'US',
    name: 'United States',
    weight: 38,
    dialCode: '+1',
    cities: [
      'New York',
      'Los Angeles',
      'Chicago',
      'Houston',
      'Phoenix',
      'Seattle',
      'Denver',
      'Boston',
      'Austin',
      'Miami',
      'Atlanta',
      'Portland',
    ],
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    weight: 12,
    dialCode: '+44',
    cities: ['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Bristol', 'Edinburgh', 'Liverpool'],
  },
  {
    code: 'DE',
    name: 'Germany',
    weight: 10,
    dialCode: '+49',
    cities: ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Frankfurt', 'Stuttgart', 'Leipzig'],
  },
  {
    code: 'FR',
    name: 'France',
    weight: 8,
    dialCode: '+33',
    cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nice', 'Bordeaux', 'Lille'],
  },
  {
    code: 'CA',
    name: 'Canada',
    weight: 7,
    dialCode: '+1',
    cities: ['Toronto', 'Montreal', 'Vancouver', 'Calgary', 'Ottawa', 'Edmonton'],
  },
  {
    code: 'AU',
    name: 'Australia',
    weight: 5,
    dialCode: '+61',
    cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth', 'Adelaide'],
  },
  {
    code: 'NL',
    name: 'Netherlands',
    weight: 4,
    dialCode: '+31',
    cities: ['Amsterdam', 'Rotterdam', 'Utrecht', 'The Hague', 'Eindhoven'],
  },
  {
    code: 'ES',
    name: 'Spain',
    weight: 4,
    dialCode: '+34',
    cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville', 'Bilbao'],
  },
  {
    code: 'IT',
    name: 'Italy',
    weight: 3,
    dialCode: '+39',
    cities: ['Rome', 'Milan', 'Naples', 'Turin', 'Florence', 'Bologna'],
  },
  { code: 'SE', name: 'Sweden', weight: 2, dialCode: '+46', cities: ['Stockholm', 'Gothenburg', 'Malmo', 'Uppsala'] },
  { code: 'IE', name: 'Ireland', weight: 2, dialCode: '+353', cities: ['Dublin', 'Cork', 'Galway', 'Limerick'] },
  { code: 'JP', name: 'Japan', weight: 2, dialCode: '+81', cities: ['Tokyo', 'Osaka', 'Yokohama', 'Kyoto', 'Sapporo'] },
  {
    code: 'BR',
    name: 'Brazil',
    weight: 1.5,
    dialCode: '+55',
    cities: ['Sao Paulo', 'Rio de Janeiro', 'Brasilia', 'Curitiba'],
  },
  {
    code: 'MX',
    name: 'Mexico',
    weight: 1.5,
    dialCode: '+52',
    cities: ['Mexico City', 'Guadalajara', 'Monterrey', 'Puebla'],
  },
  {
    code: 'IN',
    name: 'India',
    weight: 1.5,
    dialCode: '+91',
    cities: ['Mumbai', 'Bengaluru', 'Delhi', 'Hyderabad', 'Pune'],
  },
  { code: 'PL', name: 'Poland', weight: 1, dialCode: '+48', cities: ['Warsaw', 'Krakow', 'Wroclaw', 'Gdansk'] },
  { code: 'CH', name: 'Switzerland', weight: 1, dialCode: '+41', cities: ['Zurich', 'Geneva', 'Basel', 'Bern'] },
  { code: 'NZ', name: 'New Zealand', weight: 1, dialCode: '+64', cities: ['Auckland', 'Wellington', 'Christchurch'] },
];

export const FIRST_NAMES: readonly string[] = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Nancy',
  'Matthew',
  'Lisa',
  'Anthony',
  'Emily',
  'Mark',
  'Ashley',
  'Steven',
  'Olivia',
  'Paul',
  'Emma',
  'Andrew',
  'Sophia',
  'Joshua',
  'Ava',
  'Kevin',
  'Mia',
  'Brian',
  'Chloe',
  'George',
  'Grace',
  'Oliver',
  'Amelia',
  'Harry',
  'Isla',
  'Jack',
  'Freya',
  'Noah',
  'Lily',
  'Lukas',
  'Hannah',
  'Felix',
  'Lena',
  'Jonas',
  'Marie',
  'Leon',
  'Anna',
  'Maximilian',
  'Lea',
  'Louis',
  'Camille',
  'Hugo',
  'Manon',
  'Jules',
  'Louise',
  'Lucas',
  'Ines',
  'Mateo',
  'Lucia',
  'Hiroshi',
  'Yuki',
  'Kenji',
  'Sakura',
  'Arjun',
  'Priya',
  'Rahul',
  'Ananya',
  'Gabriel',
  'Julia',
  'Liam',
  'Zoe',
  'Ethan',
  'Nora',
  'Aiden',
  'Ella',
  'Mason',
  'Maya',
  'Logan',
  'Aria',
  'Erik',
  'Astrid',
  'Sean',
  'Aoife',
  'Marco',
  'Giulia',
  'Pablo',
  'Carmen',
  'Jakub',
  'Zofia',
];

export const LAST_NAMES: readonly string[] = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Evans',
  'Turner',
  'Hughes',
  'Edwards',
  'Collins',
  'Stewart',
  'Morris',
  'Murphy',
  'Cook',
  'Rogers',
  'Muller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Hoffmann',
  'Koch',
  'Dubois',
  'Durand',
  'Lefebvre',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Bernard',
  'Petit',
  'Roux',
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Romano',
  'Fernandez',
  'Gonzalez',
  'Sanchez',
  'Perez',
  'Gomez',
  'Tanaka',
  'Suzuki',
  'Sato',
  'Watanabe',
  'Patel',
  'Sharma',
  'Singh',
  'Kumar',
  'Silva',
  'Santos',
  'Andersson',
  'Johansson',
  'Nowak',
  'Kowalski',
  'Byrne',
  'Kelly',
  'OBrien',
  'Jansen',
  'de Vries',
  'Bakker',
];

export const EMAIL_DOMAINS: readonly string[] = [
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'icloud.com',
  'proton.me',
  'gmx.de',
  'orange.fr',
  'mail.com',
];
export const EMAIL_DOMAIN_WEIGHTS: readonly number[] = [45, 12, 14, 8, 10, 3, 3, 3, 2];

export const COMPANY_DOMAINS: readonly string[] = [
  'acme-corp.example',
  'globex.example',
  'initech.example',
  'umbrella-labs.example',
  'stark-industries.example',
  'wayne-enterprises.example',
  'hooli.example',
  'vandelay.example',
  'soylent.example',
  'cyberdyne.example',
  'tyrell.example',
  'wonka.example',
  'massive-dynamic.example',
  'aperture.example',
  'oscorp.example',
];

export const SEGMENTS = ['consumer', 'business', 'vip'] as const;
export const SEGMENT_WEIGHTS: readonly number[] = [80, 15, 5];

export interface LeafCategory {
  name: string;
  /** Median product price in USD. */
  medianPrice: number;
  /** Log-normal sigma of prices within the category. */
  priceSigma: number;
  /** Relative share of the catalogue. */
  weight: number;
  nouns: readonly string[];
}

export interface TopCategory {
  name: string;
  skuPrefix: string;
  children: readonly LeafCategory[];
}

export const CATEGORY_TREE: readonly TopCategory[] = [
  {
    name: 'Electronics',
    skuPrefix: 'ELE',
    children: [
      {
        name: 'Phones & Accessories',
        medianPrice: 35,
        priceSigma: 1.1,
        weight: 6,
        nouns: ['Phone Case', 'Charger', 'Power Bank', 'Screen Protector', 'USB-C Cable', 'Smartphone'],
      },
      {
        name: 'Computers',
        medianPrice: 220,
        priceSigma: 1.0,
        weight: 5,
        nouns: ['Laptop', 'Monitor', 'Keyboard', 'Mouse', 'Docking Station', 'Webcam', 'SSD'],
      },
      {
        name: 'Audio',
        medianPrice: 80,
        priceSigma: 0.9,
        weight: 5,
        nouns: ['Headphones', 'Earbuds', 'Bluetooth Speaker', 'Soundbar', 'Turntable'],
      },
      {
        name: 'Cameras',
        medianPrice: 260,
        priceSigma: 0.9,
        weight: 3,
        nouns: ['Camera', 'Lens', 'Tripod', 'Action Camera', 'Camera Bag'],
      },
      {
        name: 'Smart Home',
        medianPrice: 60,
        priceSigma: 0.8,
        weight: 4,
        nouns: ['Smart Plug', 'Smart Bulb', 'Thermostat', 'Doorbell Camera', 'Smart Display'],
      },
    ],
  },
  {
    name: 'Home & Kitchen',
    skuPrefix: 'HOM',
    children: [
      {
        name: 'Cookware',
        medianPrice: 45,
        priceSigma: 0.8,
        weight: 5,
        nouns: ['Frying Pan', 'Dutch Oven', 'Knife Set', 'Saucepan', 'Cutting Board', 'Baking Sheet'],
      },
      {
        name: 'Furniture',
        medianPrice: 180,
        priceSigma: 0.9,
        weight: 4,
        nouns: ['Desk', 'Office Chair', 'Bookshelf', 'Side Table', 'Bar Stool'],
      },
      {
        name: 'Bedding',
        medianPrice: 55,
        priceSigma: 0.7,
        weight: 4,
        nouns: ['Duvet Cover', 'Pillow', 'Sheet Set', 'Weighted Blanket', 'Mattress Topper'],
      },
      {
        name: 'Home Decor',
        medianPrice: 30,
        priceSigma: 0.8,
        weight: 4,
        nouns: ['Candle', 'Vase', 'Wall Clock', 'Picture Frame', 'Throw Blanket', 'Table Lamp'],
      },
    ],
  },
  {
    name: 'Clothing',
    skuPrefix: 'CLO',
    children: [
      {
        name: "Men's Clothing",
        medianPrice: 40,
        priceSigma: 0.6,
        weight: 6,
        nouns: ['T-Shirt', 'Hoodie', 'Jeans', 'Chinos', 'Jacket', 'Sweater'],
      },
      {
        name: "Women's Clothing",
        medianPrice: 45,
        priceSigma: 0.6,
        weight: 7,
        nouns: ['Dress', 'Blouse', 'Leggings', 'Cardigan', 'Skirt', 'Coat'],
      },
      {
        name: 'Shoes',
        medianPrice: 85,
        priceSigma: 0.5,
        weight: 5,
        nouns: ['Running Shoes', 'Sneakers', 'Boots', 'Sandals', 'Loafers'],
      },
      {
        name: 'Accessories',
        medianPrice: 28,
        priceSigma: 0.8,
        weight: 4,
        nouns: ['Backpack', 'Wallet', 'Sunglasses', 'Watch', 'Scarf', 'Belt'],
      },
    ],
  },
  {
    name: 'Sports & Outdoors',
    skuPrefix: 'SPO',
    children: [
      {
        name: 'Fitness',
        medianPrice: 35,
        priceSigma: 0.9,
        weight: 4,
        nouns: ['Yoga Mat', 'Dumbbell Set', 'Resistance Bands', 'Kettlebell', 'Foam Roller'],
      },
      {
        name: 'Camping & Hiking',
        medianPrice: 70,
        priceSigma: 0.9,
        weight: 3,
        nouns: ['Tent', 'Sleeping Bag', 'Hiking Backpack', 'Headlamp', 'Water Filter'],
      },
      {
        name: 'Cycling',
        medianPrice: 60,
        priceSigma: 1.2,
        weight: 2,
        nouns: ['Bike Helmet', 'Bike Light', 'Cycling Gloves', 'Bike Lock', 'Road Bike'],
      },
    ],
  },
  {
    name: 'Beauty & Health',
    skuPrefix: 'BEA',
    children: [
      {
        name: 'Skincare',
        medianPrice: 22,
        priceSigma: 0.6,
        weight: 4,
        nouns: ['Moisturizer', 'Serum', 'Cleanser', 'Sunscreen', 'Face Mask'],
      },
      {
        name: 'Personal Care',
        medianPrice: 25,
        priceSigma: 0.8,
        weight: 3,
        nouns: ['Electric Toothbrush', 'Hair Dryer', 'Shaver', 'Shampoo', 'Body Wash'],
      },
    ],
  },
  {
    name: 'Books & Media',
    skuPrefix: 'BOO',
    children: [
      {
        name: 'Books',
        medianPrice: 16,
        priceSigma: 0.4,
        weight: 4,
        nouns: ['Cookbook', 'Novel', 'Travel Guide', 'Biography', 'Notebook'],
      },
      {
        name: 'Video Games',
        medianPrice: 45,
        priceSigma: 0.5,
        weight: 3,
        nouns: ['Game', 'Controller', 'Gaming Headset', 'Console Bundle'],
      },
    ],
  },
];

export const PRODUCT_ADJECTIVES: readonly string[] = [
  'Classic',
  'Essential',
  'Premium',
  'Compact',
  'Ultra',
  'Pro',
  'Eco',
  'Vintage',
  'Modern',
  'Deluxe',
  'Lightweight',
  'Wireless',
  'Organic',
  'Everyday',
  'Travel',
  'Signature',
  'Performance',
  'Soft',
  'Smart',
  'Heritage',
];

export const BRANDS: readonly string[] = [
  'Northwind',
  'Aurora',
  'Bluepeak',
  'Cedar & Co',
  'Driftwood',
  'Everline',
  'Foxglove',
  'Granite',
  'Halcyon',
  'Ironleaf',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Oakridge',
  'Pinecrest',
  'Quartz',
  'Riverstone',
  'Summit',
];

export const COLORS: readonly string[] = [
  'Black',
  'White',
  'Navy',
  'Grey',
  'Olive',
  'Red',
  'Sand',
  'Forest Green',
  'Slate',
  'Blush',
];

export const ORDER_STATUSES = ['completed', 'shipped', 'pending', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Weights for orders older than two weeks. */
export const ORDER_STATUS_WEIGHTS: readonly number[] = [74, 5, 2, 11, 8];
/** Weights for the most recent orders (still in flight). */
export const RECENT_ORDER_STATUS_WEIGHTS: readonly number[] = [15, 45, 30, 8, 2];

export const CHANNELS = ['web', 'mobile', 'store'] as const;
export const CHANNEL_WEIGHTS: readonly number[] = [55, 35, 10];

export const PAYMENT_METHODS = ['card', 'paypal', 'bank_transfer', 'gift_card'] as const;
export const PAYMENT_METHOD_WEIGHTS: readonly number[] = [62, 22, 9, 7];

export const DEVICES = ['desktop', 'mobile', 'tablet'] as const;
export const DEVICE_WEIGHTS: readonly number[] = [42, 50, 8];

export const BROWSERS_BY_DEVICE: Readonly<
  Record<(typeof DEVICES)[number], { names: readonly string[]; weights: readonly number[] }>
> = {
  desktop: { names: ['Chrome', 'Safari', 'Edge', 'Firefox', 'Opera'], weights: [62, 14, 13, 9, 2] },
  mobile: { names: ['Chrome', 'Safari', 'Samsung Internet', 'Firefox'], weights: [50, 40, 8, 2] },
  tablet: { names: ['Safari', 'Chrome', 'Samsung Internet'], weights: [60, 33, 7] },
};

export const TRAFFIC_SOURCES = [
  'organic_search',
  'paid_search',
  'direct',
  'social',
  'email',
  'referral',
  'affiliate',
] as const;
export const TRAFFIC_SOURCE_WEIGHTS: readonly number[] = [32, 18, 20, 14, 8, 5, 3];
/** Conversion-rate multiplier per traffic source (same order as TRAFFIC_SOURCES). */
export const TRAFFIC_SOURCE_CONVERSION: readonly number[] = [1.0, 1.3, 1.4, 0.6, 2.0, 1.1, 0.9];

/** Order-volume multiplier per calendar month (Jan..Dec): holiday peak, summer dip. */
export const MONTH_SEASONALITY: readonly number[] = [
  0.85, 0.8, 0.9, 0.92, 0.95, 0.93, 0.88, 0.92, 0.98, 1.05, 1.5, 1.75,
];

/** Relative order volume per hour of day (UTC-ish local time), evening peak. */
export const HOUR_WEIGHTS: readonly number[] = [
  1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.0, 1.8, 2.8, 3.5, 4.0, 4.3, 4.6, 4.5, 4.3, 4.2, 4.3, 4.6, 5.0, 5.6, 6.0, 5.6, 4.2,
  2.5,
];

export const REVIEW_RATING_WEIGHTS: readonly number[] = [5, 5, 10, 28, 52];

export const REVIEW_TITLES: Readonly<Record<number, readonly string[]>> = {
  1: ['Very disappointed', 'Broke after a week', 'Would not buy again', 'Not as described'],
  2: ['Below expectations', 'Poor quality', 'Meh', 'Runs small'],
  3: ['It is okay', 'Does the job', 'Average', 'Decent for the price'],
  4: ['Really good', 'Happy with it', 'Solid purchase', 'Good value'],
  5: ['Love it!', 'Excellent', 'Exactly what I needed', 'Highly recommend', 'Perfect'],
};
