int weigh(int Key) { return Key * 2 + 1; }
