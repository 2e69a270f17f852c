/** Product catalogue reference data for the sample database: the category tree, adjectives, brands, colours. */

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
