package dev.interlude.app.desk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The made-up market the sample desk trades: ten symbols around fixed reference prices. */
final class SampleMarket {

    /** Symbol to reference price, in a fixed order. */
    static final Map<String, Double> REFERENCE_PRICES = referencePrices();

    private SampleMarket() {
    }

    private static Map<String, Double> referencePrices() {
        Map<String, Double> prices = new LinkedHashMap<>();
        prices.put("AAPL", 190.0);
        prices.put("AMZN", 150.0);
        prices.put("GOOGL", 140.0);
        prices.put("JNJ", 155.0);
        prices.put("JPM", 170.0);
        prices.put("MSFT", 410.0);
        prices.put("NVDA", 480.0);
        prices.put("SPY", 460.0);
        prices.put("TLT", 92.0);
        prices.put("XOM", 105.0);
        return Collections.unmodifiableMap(prices);
    }

    static List<String> symbols() {
        return List.copyOf(REFERENCE_PRICES.keySet());
    }

    /** A price near the reference: a daily move of about 2 % (one standard deviation). */
    static double price(String symbol, Random random) {
        return round2(REFERENCE_PRICES.get(symbol) * (1 + 0.02 * random.nextGaussian()));
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
