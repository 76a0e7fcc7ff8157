package org.socsim.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A bounded, thread-safe cache of loaded inputs (profiles, graphs, loaded models, trials): beyond {@code bound}
 * entries the least recently used one leaves, so memory does not grow with the number of distinct keys a sweep
 * visits. Single flight: a key is loaded by one thread; others asking for it meanwhile wait for that load instead
 * of repeating it (in a sweep, both workers reach a new (soc, model) pair at once). A failed load is not cached:
 * its exception reaches every thread that waited for it, and the next request loads again. Values must be
 * immutable or used read-only: every caller gets the same object.
 */
public final class BoundedCache<K, V> {
  private final Map<K, V> lru;
  private final ConcurrentHashMap<K, CompletableFuture<V>> loading = new ConcurrentHashMap<>();

  public BoundedCache(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be >= 1, got " + bound);
    }
    this.lru = new LinkedHashMap<>(Math.min(bound, 1024) * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> e) {
        return size() > bound;
      }
    };
  }

  /** The cached value of {@code key}, or {@code load}'s (non-null) value, cached. */
  public V get(K key, Function<? super K, ? extends V> load) {
    V v = cached(key);
    if (v != null) {
      return v;
    }
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> other = loading.putIfAbsent(key, mine);
    if (other != null) {
      return await(other);
    }
    try {
      v = cached(key); // loaded by another thread between the miss above and putIfAbsent
      if (v == null) {
        v = Objects.requireNonNull(load.apply(key), "a cache load returned null");
        synchronized (lru) {
          lru.put(key, v);
        }
      }
      mine.complete(v);
      return v;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(key, mine);
    }
  }

  /** Entries held now (at most the bound). */
  public int size() {
    synchronized (lru) {
      return lru.size();
    }
  }

  private V cached(K key) {
    synchronized (lru) {
      return lru.get(key);
    }
  }

  private static <V> V await(CompletableFuture<V> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
