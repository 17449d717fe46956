package io.fennel.spring;

/** The interface through which a JDK proxy of {@link ShippingTasks} is called, in tests. */
public interface Shipping {
  String ship(String parcel);
}
