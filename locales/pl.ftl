# Polski.

## Formats
number-decimal = ,
number-group = { "\u00A0" }
date = { $day } { $month } { $year }
datetime = { $day } { $month } { $year }, { $time } { $zone }
month-1 = sty
month-2 = lut
month-3 = mar
month-4 = kwi
month-5 = maj
month-6 = cze
month-7 = lip
month-8 = sie
month-9 = wrz
month-10 = paź
month-11 = lis
month-12 = gru

## Shared pieces
hello = Dzień dobry, { $name }!
items-subtotal = Suma częściowa
items-shipping = Dostawa ({ $method })
items-tax = VAT
items-total = Razem
address-delivered-to = Adres dostawy:
address-ship-to = Wyślij do ({ $method }):
address-collect = Odbiór w sklepie ({ $method })
customer-heading = Klient
customer-note = Uwagi klienta
hello-anonymous = Dzień dobry!
customer-no-name = (brak imienia i nazwiska)
contact-unusable = tak jak podano, nie do użycia
items-discount = Rabat
address-none = Bez dostawy
status-link = Sprawdź status zamówienia
tracking-link = Śledź przesyłkę
pay-link = Zapłać teraz

## Order received (customer) and new order (owner)
order_received-subject = Otrzymaliśmy zamówienie { $number }
order_received-body = Dziękujemy za zamówienie { $number }. Otrzymaliśmy je i poinformujemy Cię o każdym kolejnym kroku.
order_received-pickup = Wybrano odbiór w sklepie; damy znać, gdy zamówienie będzie gotowe.
order_received-address = Aby je wysłać, potrzebujemy pełnego adresu dostawy (imię i nazwisko, ulica, kod pocztowy, miejscowość i kraj). Prosimy o odpowiedź na tego e-maila z adresem.
order_received-phone = Podany numer telefonu ({ $phone }) wygląda na błędny: prosimy o odpowiedź z numerem, pod którym kurier się z Tobą skontaktuje.
order_received-sms = { $missing ->
    [address] { $shop }: brak adresu dla { $number }: { $link }
   *[none] { $shop }: zamówienie { $number } przyjęte. { $link }
}
new_order-subject = Nowe zamówienie { $number } ({ $count ->
    [one] 1 produkt
    [few] { $count } produkty
   *[many] { $count } produktów
}, { $total })
new_order-body = Nowe zamówienie { $number } od: { $name }.
new_order-sms = { $shop }: nowe zamówienie { $number } ({ $total })
## Payments
payment_received-subject = Otrzymaliśmy płatność za zamówienie { $number }
payment_received-body = Otrzymaliśmy Twoją płatność { $amount } za zamówienie { $number }.
payment_received-more = { $full ->
    [yes] Zamówienie jest w pełni opłacone. Damy znać, gdy zostanie wysłane.
   *[no] Do zapłaty pozostało { $remaining } z { $total }.
}
payment_received-sms = { $shop }: { $full ->
    [yes] { $number } opłacone, dziękujemy.
   *[no] otrzymano { $amount }, pozostało { $remaining }.
}
payment_failed-subject = Płatność za zamówienie { $number } nie powiodła się
payment_failed-body = Płatność { $total } za zamówienie { $number } nie powiodła się; nie pobrano żadnych środków.
payment_failed-more = Spróbuj ponownie inną kartą lub metodą płatności albo odpowiedz na tę wiadomość, a pomożemy.
payment_failed-due = Zamówienie czeka na płatność do { $due }.
payment_failed-sms = { $shop }: płatność za { $number } odrzucona. { $link }
payment_reminder-subject = Zamówienie { $number } czeka na płatność
payment_reminder-body = Zamówienie { $number } ({ $total }) wciąż czeka na płatność.
payment_reminder-more = Prosimy o płatność do { $due }; później zamówienie zostanie automatycznie anulowane.
payment_reminder-sms = { $shop }: opłać { $number } do { $due_date }, inaczej anulujemy.
refunded-subject = Zwrot { $amount } za zamówienie { $number }
refunded-body = Zwróciliśmy { $amount } za zamówienie { $number }. Środki mogą pojawić się na koncie w ciągu kilku dni.
refunded-more = Łącznie zwrócono: { $refunded }.
refunded-sms = { $shop }: zwrot { $amount } ({ $number }). { $link }
payment_alert-subject = Zamówienie { $number } wymaga uwagi: { $alert }
payment_alert-body = Zamówienie { $number } ({ $name }) wymaga uwagi: { $alert }.
payment_alert-more = Wartość zamówienia { $total } · otrzymano { $received } · ta płatność { $amount }
payment_alert-sms = { $shop }: { $number } wymaga uwagi (płatność).
alert-cancelled = płatność wpłynęła po anulowaniu zamówienia; zwróć ją lub przywróć zamówienie
alert-overpaid = zapłacono więcej niż wartość zamówienia; zamówienie wstrzymano
alert-currency = płatność jest w innej walucie; zamówienie wstrzymano
alert-partial = zapłacono tylko część kwoty
alert-check = sprawdź płatność

## Cancellation
order_cancelled-subject = Zamówienie { $number } anulowane
order_cancelled-body = Zamówienie { $number } zostało anulowane: { $reason }.
order_cancelled-more = Jeśli to dla Ciebie zaskoczenie, odpowiedz na tę wiadomość, a wszystko wyjaśnimy.
order_cancelled-owner = Zamówienie { $number } ({ $name }, { $total }) zostało anulowane: { $reason }. Etap: { $stage }; przez: { $actor }.
order_cancelled-sms = { $shop }: zamówienie { $number } anulowane. { $link }
cancel-reason-payment_timeout = płatność nie dotarła na czas
cancel-reason-customer = na Twoją prośbę
cancel-reason-out_of_stock = produktów zabrakło w magazynie
cancel-reason-fraud = nie udało się zweryfikować płatności
cancel-reason-shop = sklep nie mógł go zrealizować

## Fulfilment
order_confirmed-subject = Zamówienie { $number } zostało potwierdzone
order_confirmed-body = Dobra wiadomość: potwierdziliśmy zamówienie { $number } i przygotowujemy je.
order_confirmed-pay = Prosimy o wpłatę { $remaining } do { $due }, w tytule { $number }.
order_confirmed-sms = { $shop }: potwierdzono { $number }. { $link }
being_assembled-subject = Zamówienie { $number } jest kompletowane
being_assembled-body = Zamówienie { $number } jest kompletowane. Damy znać, gdy tylko zostanie wysłane.
being_assembled-sms = { $shop }: kompletujemy { $number }. { $link }
out_of_stock-subject = Części zamówienia { $number } brakuje: wybierz rozwiązanie
out_of_stock-body = Przepraszamy: { $items } z zamówienia { $number } { $count ->
    [one] jest niedostępny
   *[other] są niedostępne
} w magazynie.
out_of_stock-more = Możesz wybrać: { $options }. Wybierz na stronie zamówienia (link poniżej) lub odpowiedz na tę wiadomość do { $by }; w przeciwnym razie { $default }.{ $expected ->
    [none] {""}
   *[other] {" "}Dostawa spodziewana { $expected }.
}
out_of_stock-sms = { $shop }: brak części { $number }, wybierz: { $link }
stock-option-substitute = zamiennik
stock-option-wait = oczekiwanie na dostawę
stock-option-cancel_missing = wysyłkę reszty bez nich
stock-option-cancel = anulowanie zamówienia
stock-default-substitute = wyślemy zamiennik
stock-default-wait = poczekamy na dostawę
stock-default-cancel_missing = wyślemy resztę zamówienia bez nich
stock-default-cancel = anulujemy zamówienie
shipped-subject = Zamówienie { $number } jest w drodze
shipped-body = Zamówienie { $number } zostało wysłane przez { $carrier }{ $tracking ->
        [none] .
       *[other] , numer przesyłki { $tracking }.
    }
shipped-more = Przewidywana dostawa: { $eta }.
shipped-sms = { $shop }: { $number } wysłane{ $tracking ->
        [none] {""}
       *[other] {" "}({ $tracking })
    }. { $link }
out_for_delivery-subject = Zamówienie { $number } jest w doręczeniu
out_for_delivery-body = Zamówienie { $number } zostanie dziś doręczone.
out_for_delivery-sms = { $shop }: { $number } dotrze dziś. { $link }
available_for_pickup-subject = Zamówienie { $number } czeka na odbiór
available_for_pickup-body = Zamówienie { $number } czeka na odbiór: { $place }.
available_for_pickup-sms = { $shop }: { $number } do odbioru: { $place }. { $code ->
    [none] {""}
   *[other] Kod: { $code }
}
pickup-point = w punkcie odbioru
delivery_exception-subject = Problem z dostawą zamówienia { $number }
delivery_exception-body = Wystąpił problem z dostawą zamówienia { $number }: { $problem }.
delivery_exception-more = { $next }
delivery_exception-sms = { $shop }: problem z dostawą { $number }: { $link }
exception-failed_attempt = kurier nie mógł doręczyć przesyłki
exception-failed_attempt-next = Spróbuje ponownie lub zostawi awizo.
exception-delayed = przesyłka jest opóźniona
exception-delayed-next = Wciąż jest w drodze; damy znać, gdy trafi do doręczenia.
exception-lost = przewoźnik stracił przesyłkę z oczu
exception-lost-next = Wyjaśniamy to z przewoźnikiem i skontaktujemy się z Tobą.
exception-returning_to_sender = przesyłka wraca do nas
exception-returning_to_sender-next = Skontaktujemy się w sprawie ponownej wysyłki lub zwrotu pieniędzy.
exception-other = przewoźnik zgłosił problem
exception-other-next = Zajmujemy się tym i będziemy informować.
delivery_delayed-subject = Zamówienie { $number } jest opóźnione
delivery_delayed-body = Zamówienie { $number } dotrze później, niż obiecaliśmy: przewoźnik przewiduje teraz { $eta }. Przepraszamy za oczekiwanie.
delivery_delayed-sms = { $shop }: { $number } opóźnione, teraz { $eta }.
delivered-subject = Zamówienie { $number } zostało doręczone
delivered-body = Zamówienie { $number } zostało doręczone. Miłego korzystania!
delivered-sms = { $shop }: { $number } doręczone. Miłego korzystania!
follow_up-subject = Czy zamówienie { $number } dotarło w dobrym stanie?
follow_up-body = Czy zamówienie { $number } dotarło w dobrym stanie? Daj nam znać na stronie zamówienia, gdzie możesz też zwrócić produkty: { $link }
follow_up-sms = { $shop }: { $number } dotarło w porządku? { $link }
shipment_stuck-subject = Brak wieści od przewoźnika dla zamówienia { $number }
shipment_stuck-body = Zamówienie { $number } ({ $name }) nie ma aktualizacji od przewoźnika od { $since }.
shipment_stuck-sms = { $shop }: brak wieści od przewoźnika dla { $number } od { $since }.


## Zamówienia do sprawdzenia i dane potwierdzone przez sklep
needs_attention-subject = Zamówienie { $number } wymaga uwagi: { $problems ->
    [one] 1 rzecz
    [few] { $problems } rzeczy
   *[other] { $problems } rzeczy
} do poprawienia
needs_attention-body = Zamówienie { $number } od: { $name } jest zapisane, ale zanim pójdzie dalej, potrzebuje Twojej uwagi.
needs_attention-told = Klient wie, że mamy jego zamówienie.
needs_attention-asked = Klient wie, że mamy jego zamówienie, i poprosiliśmy go o adres dostawy.
needs_attention-unreachable = Klient nie podał e-maila ani telefonu, którego można użyć, więc nikt go o niczym nie poinformował.
needs_attention-fix = Uzupełnij braki akcją „update” w zapleczu albo potwierdź zamówienie w obecnej postaci.
needs_attention-heading = Do poprawienia
needs_attention-sms = { $shop }: zamówienie { $number } wymaga uwagi.
problem-no_contact = brak e-maila lub telefonu, którego można użyć
problem-no_recipient = brak imienia i nazwiska w adresie dostawy
problem-no_address = brak adresu dostawy
problem-no_street = adres bez ulicy
problem-no_city = adres bez miejscowości
problem-bad_country = brak kraju lub kod kraju nie jest dwuliterowy
problem-no_shipping_method = nie wybrano sposobu dostawy
problem-no_payment_method = nie wybrano sposobu płatności
problem-no_items = zamówienie nie ma pozycji
problem-bad_item = pozycja bez nazwy, ilości lub ceny
details_confirmed-subject = Dane zamówienia { $number } są potwierdzone
details_confirmed-body = Potwierdziliśmy dane dostawy Twojego zamówienia { $number } ({ $method }). Damy znać, gdy tylko ruszy dalej.
details_confirmed-sms = { $shop }: dane { $number } potwierdzone. { $link }
customer_unreachable-subject = Nie udało się skontaktować z klientem zamówienia { $number }
customer_unreachable-body = Wiadomości do { $name } w sprawie zamówienia { $number } nie udało się dostarczyć żadnym z podanych kanałów. Skontaktuj się z klientem w inny sposób; historia zamówienia pokazuje, która wiadomość nie dotarła i dlaczego.
customer_unreachable-sms = { $shop }: brak kontaktu z klientem zamówienia { $number }.
stock_decided-subject = W sprawie brakujących produktów w zamówieniu { $number }
stock_decided-body = { $choice ->
    [substitute] Wyślemy zamiennik za { $items }, a zamówienie { $number } jest realizowane dalej.
    [cancel_missing] Wyślemy zamówienie { $number } bez { $items }: usuwamy je z zamówienia, { $amount } mniej{ $paid ->
        [yes] , które zwrócimy.
       *[no] .
    }
   *[wait] Poczekamy na { $items } i wyślemy zamówienie { $number }, gdy tylko wrócą{ $expected ->
        [none] .
       *[other] ; spodziewamy się ich { $expected }.
    }
}
stock_decided-sms = { $shop }: { $number } { $choice ->
    [substitute] z zamiennikiem.
    [cancel_missing] jedzie bez brakujących produktów.
   *[wait] czeka.
} { $link }
stock_answered-subject = Zamówienie { $number }: klient odpowiedział w sprawie braków
stock_answered-body = { $name } odpowiedział(a) na pytanie o { $items } w zamówieniu { $number }: { $choice ->
    [substitute] wysłać zamiennik.
    [cancel] anulować zamówienie (jest anulowane).
    [cancel_missing] wysłać resztę; brakujące produkty usunięto z zamówienia ({ $amount }).
   *[wait] poczekać na produkty.
}
stock_answered-sms = { $shop }: zamówienie { $number }, klient wybrał: { $choice }.
payment_failed-owner-subject = Płatność za zamówienie { $number } nie powiodła się
payment_failed-owner = Płatność { $total } za zamówienie { $number } ({ $name }) nie powiodła się. Klient dostał informację, jak zapłacić.
processing_late-subject = Zamówienie { $number } wciąż czeka na wysyłkę
processing_late-body = Zamówienie { $number } od { $name } nie zostało jeszcze spakowane ani wysłane.
processing_late-sms = { $shop }: zamówienie { $number } wciąż czeka na wysyłkę.
parcel_lost-subject = Paczka zamówienia { $number } wymaga uwagi
parcel_lost-body = Paczka zamówienia { $number } ({ $name }, { $carrier }): { $problem }. Wyślij ją ponownie albo zwróć pieniądze; klient został powiadomiony.
parcel_lost-sms = { $shop }: paczka { $number }: { $problem }.
pickup-hours = Godziny otwarcia
pickup-code = Twój kod odbioru
pickup_reminder-subject = Zamówienie { $number } czeka na Ciebie
pickup_reminder-body = Twoje zamówienie { $number } wciąż czeka na odbiór w miejscu: { $place }.
pickup_reminder-sms = { $shop }: { $number } czeka w miejscu: { $place }. { $code ->
    [none] {""}
   *[other] Kod: { $code }
}
pickup_expired-subject = Zamówienie { $number } nie zostało odebrane
pickup_expired-body = Zamówienie { $number } ({ $name }) czekało na odbiór w miejscu: { $place } i nikt się po nie nie zgłosił. Skontaktuj się z klientem albo je zabierz.
pickup_expired-sms = { $shop }: { $number } nie zostało odebrane ({ $place }).
could_not_reach-subject = Próbowaliśmy zadzwonić w sprawie zamówienia { $number }
could_not_reach-body = Próbowaliśmy zadzwonić w sprawie zamówienia { $number }, ale nie udało się połączyć. { $next_call ->
    [none] Wkrótce spróbujemy ponownie.
   *[other] Zadzwonimy ponownie { $next_call }.
} Możesz też odpowiedzieć na tę wiadomość.
could_not_reach-sms = { $shop }: nie udało się dodzwonić w sprawie { $number }. { $next_call ->
    [none] Zadzwonimy wkrótce.
   *[other] Zadzwonimy { $next_call }.
}

capture_failed-subject = Zamówienie { $number }: nie udało się pobrać płatności
capture_failed-body = Płatności zablokowanej na zamówienie { $number } ({ $name }, { $total }) nie udało się pobrać przez { $provider }: { $failure }. Zamówienie nie zostało wysłane. Poproś klienta o inną płatność i wyślij ponownie albo wyślij bez płatności na własną decyzję.
capture_failed-sms = { $shop }: płatność za { $number } nie została pobrana ({ $provider }).
hold_not_released-subject = Zamówienie { $number }: zwolnij zablokowaną kwotę
hold_not_released-body = Zamówienie { $number } ({ $name }) jest anulowane, ale zablokowanej na nie kwoty { $amount } nie udało się zwolnić przez { $provider }: { $failure }. Zwolnij ją w panelu { $provider }, aby pieniądze klienta nie były zablokowane aż do wygaśnięcia autoryzacji; jeśli zostały pobrane, zwróć je.
hold_not_released-sms = { $shop }: zwolnij kwotę zablokowaną na anulowane { $number } ({ $provider }).

refund_due-subject = Zamówienie { $number }: zwróć { $amount }
refund_due-body = { $items } usunięto z zamówienia { $number } ({ $name }) po wpłacie { $received }; zamówienie wynosi teraz { $total }. Zwróć klientowi { $amount } w panelu operatora płatności albo tak, jak zapłacił.
refund_due-sms = { $shop }: zwróć { $amount } za { $number }.

arrival_problem-subject = Zamówienie { $number } nie dotarło w dobrym stanie
arrival_problem-body = Klient zamówienia { $number } ({ $name }) zgłasza, że nie dotarło w dobrym stanie. Skontaktuj się z nim.
arrival_problem-sms = { $shop }: { $number } dotarło w złym stanie, zgłasza klient.
return_requested-subject = Twój wniosek o zwrot, zamówienie { $number }
return_requested-body = Mamy Twój wniosek o zwrot: { $return_items } z zamówienia { $number } ({ $return_reason }). Napiszemy, jak to odesłać.
return_requested-sms = { $shop }: zwrot { $number } zgłoszony. { $link }
return_requested-owner = Klient zamówienia { $number } ({ $name }) chce zwrócić { $return_items }: { $return_reason }, { $amount }. Przyjmij lub odrzuć zwrot w panelu (zwrot { $return_number }).
return_requested-owner-subject = Zamówienie { $number }: zwrot do decyzji
return_approved-subject = Zwrot dla zamówienia { $number } przyjęty
return_approved-body = Możesz odesłać { $return_items } z zamówienia { $number }. { $instructions ->
    [none] Odezwiemy się w sprawie wysyłki.
   *[other] { $instructions }
} Gdy paczka do nas dotrze, zwrócimy { $amount }.
return_approved-sms = { $shop }: zwrot dla { $number } przyjęty. { $link }
return_rejected-subject = W sprawie zwrotu, zamówienie { $number }
return_rejected-body = Nie możemy przyjąć zwrotu { $return_items } z zamówienia { $number }: { $refusal }
return_rejected-sms = { $shop }: zwrot dla { $number } odrzucony. { $link }
return_received-subject = Otrzymaliśmy zwrot, zamówienie { $number }
return_received-body = Zwrot { $return_items } z zamówienia { $number } dotarł. Zwracamy teraz { $amount }.
return_received-sms = { $shop }: zwrot dla { $number } dotarł, pieniądze w drodze.
return-reason-changed_mind = Zmieniłem zdanie
return-reason-wrong_item = Niewłaściwy produkt
return-reason-damaged = Uszkodzony
return-reason-not_as_described = Niezgodny z opisem
return-reason-other = Inny powód
complaint_opened-subject = Mamy Twoją wiadomość w sprawie zamówienia { $number }
complaint_opened-body = Otrzymaliśmy zgłoszenie dotyczące zamówienia { $number } ({ $complaint_kind }). Sprawdzimy to i damy znać, co zrobimy.
complaint_opened-sms = { $shop }: mamy zgłoszenie do { $number }. { $link }
complaint_opened-owner = Klient zamówienia { $number } ({ $name }) zgłasza problem: { $complaint_kind }. Rozpatrz go w panelu (reklamacja { $complaint_number }).
complaint_opened-owner-subject = Zamówienie { $number }: reklamacja do rozpatrzenia
complaint_resolved-subject = W sprawie zgłoszenia, zamówienie { $number }
complaint_resolved-body = Zgłoszenie do zamówienia { $number }: { $resolution ->
    [repair] Naprawimy to.
    [replacement] { $replacement ->
        [none] Wyślemy produkt na wymianę.
       *[other] Wysłaliśmy produkt na wymianę: { $replacement }.
    }
    [refund] Zwrócimy pieniądze.
   *[rejected] Nie możemy uznać tego zgłoszenia.
} { $resolution_note }
complaint_resolved-sms = { $shop }: zgłoszenie { $number } gotowe. { $link }
complaint-kind-damaged = Uszkodzony
complaint-kind-missing_item = Brakuje produktu
complaint-kind-wrong_item = Niewłaściwy produkt
complaint-kind-defect = Przestał działać (gwarancja)
replacement_delivered-subject = Produkt na wymianę do zamówienia { $number } dotarł
replacement_delivered-body = Produkt na wymianę wysłany do zamówienia { $number } został dostarczony. Mamy nadzieję, że wszystko jest już w porządku.
replacement_delivered-sms = { $shop }: wymiana do { $number } dostarczona.
digest-subject = Zwroty i reklamacje, tydzień przed { $week }
digest-intro = Tydzień przed { $week } przyniósł:
digest-returns = Zwroty ({ $count }): { $reason }
digest-complaints = Reklamacje ({ $count }): { $kind }
## Status page
page-title = Zamówienie { $number }
page-parcel = Twoja przesyłka
page-carrier = Przewoźnik: { $carrier }
page-tracking-number = Numer przesyłki: { $tracking }
page-eta = Przewidywana dostawa: { $eta }
page-collect = Odbiór: { $place }
page-follow = Śledź przesyłkę na stronie przewoźnika
page-history = Historia
page-items = Produkty
page-total = Razem: { $total }
page-needs-address = Aby wysłać to zamówienie, potrzebujemy pełnego adresu dostawy. Odpowiedz na naszą wiadomość lub skontaktuj się z { $shop }.
page-stock-question = Niektórych produktów brakuje: { $items }. Co mamy zrobić?
page-stock-deadline = Bez odpowiedzi do { $by } zrobimy tak: { $default }.
page-stock-expected = Dostawa spodziewana { $expected }.
page-arrival-question = Czy zamówienie dotarło w dobrym stanie?
page-arrival-yes = Tak, wszystko w porządku
page-arrival-no = Nie, coś jest nie tak
page-arrival-what = Co jest nie tak? (opcjonalnie)
page-arrival-thanks = Dziękujemy za informację.
page-arrival-sorry = Przykro nam: skontaktujemy się, żeby to naprawić.
page-review = Wystaw opinię
page-return-title = Zwróć produkty
page-return-until = Możesz zgłosić zwrot do { $until }.
page-return-reason = Dlaczego?
page-return-send = Zgłoś zwrot
page-complaint-title = Zgłoś problem
page-complaint-what = Co jest nie tak?
page-complaint-send = Wyślij
page-complaint-state = Zgłoszenie { $number }: { $state ->
    [open] sprawdzamy
    [repair] do naprawy
    [replacement] wymiana w drodze
    [refund] zwrócono pieniądze
   *[rejected] nieuznane
}
page-return-closed = Termin na zwrot minął { $until }.
page-returns = Twoje zwroty
page-return-state = Zwrot { $number }: { $state ->
    [requested] mamy Twój wniosek
    [approved] przyjęty
    [rejected] odrzucony
    [received] dotarł, pieniądze w drodze
   *[refunded] zwrócono pieniądze
}
timeline-received = Zamówienie przyjęte
timeline-paid = Płatność otrzymana
timeline-payment-failed = Płatność nie powiodła się
timeline-refunded = Zwrot wykonany
timeline-reminder = Wysłano przypomnienie o płatności
timeline-paid-on-delivery = Opłacone przy odbiorze
timeline-cancelled = Zamówienie anulowane
timeline-confirmed = Zamówienie potwierdzone
timeline-packing = Kompletowanie
timeline-on-hold = Wstrzymane
timeline-shipped = Przekazane przewoźnikowi
timeline-in-transit = W drodze
timeline-out-for-delivery = W doręczeniu
timeline-pickup = Gotowe do odbioru
timeline-failed-attempt = Nieudana próba doręczenia
timeline-delayed = Opóźnienie w transporcie
timeline-problem = Problem z dostawą
timeline-delivered = Doręczone
timeline-completed = Zakończone

## Back-office pages
staff-actions = Działania
staff-bill-to = Nabywca
staff-by-status = Zamówienia według statusu
staff-carrier = Przewoźnik
staff-cause = Powód
staff-customer = Klient
staff-deliver-to = Dostawa do
staff-discount = Rabat
staff-find = Szukaj
staff-find-number = Numer zamówienia, e-mail lub telefon
staff-history = Historia
staff-invoice = Faktura
staff-item = Produkt
staff-items = Produkty
staff-line-total = Kwota
staff-message-failed = niedostarczona
staff-message-sent = wysłana { $at }
staff-message-waiting = czeka
staff-messages = Wiadomości
staff-missing-items = Brakujące produkty (po jednym w wierszu, SKU lub nazwa)
staff-more = Więcej
staff-next = Do zrobienia
staff-no-actions = W tym statusie nie ma nic do zrobienia.
staff-no-such-number = Nie ma zamówienia o numerze { $number }.
staff-none = Brak zamówień.
staff-not-found = Nie ma takiego zamówienia.
staff-note = Uwagi
staff-order = Zamówienie
staff-order-title = Zamówienie { $number }
staff-orders = Zamówienia
staff-packing-slip = List przewozowy
staff-paused = Zbyt wiele błędnych tokenów z tego miejsca lub dla tego konta: spróbuj za 15 minut.
staff-payment = Płatność
staff-placed = Złożone
staff-price = Cena
staff-quantity = Ilość
staff-refused = Nie przyjęto: otwórz stronę ponownie i spróbuj jeszcze raz.
staff-ship-unpaid = Wyślij, choć nie jest opłacone
staff-shipping = Dostawa
staff-sign-in = Zaloguj się
staff-sign-out = Wyloguj się
staff-sign-out-everywhere = Wyloguj wszędzie
staff-no-session-key = Logowanie nie jest skonfigurowane: brak SESSION_KEY sklepu.
staff-role-needed = Potrzebna jest rola { $role }.
staff-sessions-ended = Wszystkie sesje konta { $account } zostały zakończone.
staff-audit = Dziennik audytu
staff-audit-day = Dzień
staff-audit-show = Pokaż
staff-audit-none = Tego dnia nic nie zapisano.
staff-audit-when = Kiedy
staff-audit-who = Kto
staff-audit-what = Co
staff-audit-subject = Dotyczy
staff-audit-outcome = Wynik
staff-erase = Usuń dane osobowe tego klienta
staff-erase-about = Imię, email, telefon, adresy i notatki zostaną usunięte ze wszystkich jego zamówień; kwoty, pozycje, numery i daty zostają do księgowości. Tego nie można cofnąć.
staff-erase-confirm = Wpisz erase, aby potwierdzić
staff-erase-unconfirmed = Nic nie usunięto: wpisz erase w polu, aby potwierdzić.
staff-sku = SKU
staff-subtotal = Suma częściowa
staff-tax = VAT
staff-tax-id = NIP { $id }
staff-tax-rate = Stawka VAT
staff-prices-include-tax = Ceny zawierają podatek (brutto).
staff-account = Twoja nazwa (konto)
staff-token = Twój token pracownika
staff-total = Razem
staff-tracking = Śledź przesyłkę
staff-tracking-number = Numer przesyłki
staff-tracking-url = Link do śledzenia (opcjonalnie)
staff-wrong-token = Ta nazwa i token nie pasują do żadnego konta.
staff-status-received = Przyjęte
staff-status-confirmed = Potwierdzone
staff-status-packing = Kompletowane
staff-status-on_hold = Wstrzymane
staff-status-shipped = Wysłane
staff-status-in_transit = W drodze
staff-status-out_for_delivery = W doręczeniu
staff-status-available_for_pickup = Do odbioru
staff-status-delivery_exception = Problem z dostawą
staff-status-delivered = Dostarczone
staff-status-returned = Zwrócone
staff-status-cancelled = Anulowane
staff-status-archived = Zarchiwizowane
staff-payment-unpaid = nieopłacone
staff-payment-authorized = autoryzowane
staff-payment-paid = opłacone
staff-payment-partially_paid = opłacone częściowo
staff-payment-refunded = zwrócone
staff-payment-partially_refunded = zwrócone częściowo
staff-payment-failed = nieudane
staff-method-prepaid = przedpłata
staff-method-invoice = przelew
staff-method-cash_on_delivery = za pobraniem
staff-cause-customer = Prośba klienta
staff-cause-out_of_stock = Brak towaru
staff-cause-fraud = Oszustwo
staff-cause-shop = Decyzja sklepu
staff-do-confirm = Potwierdź
staff-do-pack = Kompletuj
staff-do-ship = Wyślij
staff-do-out-of-stock = Zgłoś braki
staff-do-deliver = Oznacz jako dostarczone
staff-do-cancel = Anuluj zamówienie
staff-do-ready-for-pickup = Gotowe do odbioru
staff-do-stock-choice = Zapisz wybór klienta
staff-do-call = Zapisz rozmowę
staff-do-refund = Zapisz zwrot pieniędzy
staff-do-update-contact = Popraw kontakt
staff-do-update-address = Popraw adres dostawy
staff-do-update-billing = Popraw dane do faktury
staff-name = Imię i nazwisko
staff-email = E-mail
staff-phone = Telefon
staff-recipient = Odbiorca
staff-company = Firma
staff-street = Ulica i numer
staff-street-more = Mieszkanie, budynek (opcjonalnie)
staff-postal-code = Kod pocztowy
staff-city = Miejscowość
staff-region = Województwo lub region
staff-country = Kraj (kod dwuliterowy, np. PL)
staff-to-fix = Wymaga uwagi
staff-to-fix-how = Popraw dane poniżej albo potwierdź zamówienie, aby realizować je bez zmian.
staff-pickup-place = Miejsce odbioru
staff-pickup-hours = Godziny otwarcia (opcjonalnie)
staff-pickup-code = Kod odbioru (opcjonalnie)
staff-pickup-unpaid = Przygotuj, choć nie jest opłacone
staff-offer = Możliwości dla klienta
staff-default-choice = Jeśli klient nie odpowie
staff-expected-on = Znów dostępne dnia (opcjonalnie)
staff-answer-within = Godziny na odpowiedź
staff-stock-choice = Klient wybrał
staff-call-outcome = Rozmowa
staff-call-reached = Klient odebrał
staff-call-no_answer = Brak odpowiedzi
staff-call-wrong_number = Błędny numer
staff-refund-amount = Zwrócona kwota
staff-refund-note = Jak zwrócono (opcjonalnie)
staff-next-received = Potwierdzić
staff-next-confirmed = Skompletować
staff-next-packing = Wysłać
staff-next-on_hold = Wymaga uwagi
staff-next-shipped = U przewoźnika
staff-next-in_transit = U przewoźnika
staff-next-out_for_delivery = W doręczeniu
staff-next-available_for_pickup = Czeka na odbiór
staff-next-delivery_exception = Problem z dostawą
staff-next-delivered = Gotowe
staff-next-returned = Zwrócone
staff-next-cancelled = Anulowane
staff-next-archived = Zarchiwizowane
staff-back-to-order = Wróć do zamówienia
staff-prefers = Kontakt przez: { $channel }
staff-customer-note = Notatka zespołu o kliencie
staff-save = Zapisz
staff-their-orders = Zamówienia klienta
staff-message-sent-short = wysłana
staff-no-contact = To zamówienie nie ma e-maila ani telefonu, po którym można rozpoznać klienta.
staff-nothing-found = Nic nie znaleziono: sprawdź numer, e-mail lub telefon.
staff-customer-card = Karta klienta
staff-hint-attention = Wymaga uwagi: brakuje danych
staff-hint-stock = Czeka na wybór klienta
staff-hint-payment-check = Sprawdź płatność
staff-hint-due = Termin płatności { $due }
staff-hint-stuck = Brak wieści od przewoźnika: sprawdź przesyłkę
staff-returns = Zwroty
staff-return-title = Zwrot { $number }
staff-return-instructions = Jak odesłać (opcjonalnie: inaczej RETURN_INSTRUCTIONS)
staff-return-approve = Przyjmij zwrot
staff-return-refusal = Dlaczego nie
staff-return-reject = Odrzuć zwrot
staff-return-condition = Stan po dotarciu (opcjonalnie)
staff-return-received = Oznacz jako otrzymany
staff-return-requested = zgłoszony
staff-return-approved = przyjęty
staff-return-rejected = odrzucony
staff-return-received-state = otrzymany
staff-return-refunded = zwrócono pieniądze
staff-complaints = Reklamacje
staff-complaint-title = Reklamacja { $number }
staff-resolution = Rozwiązanie
staff-resolution-note = Wiadomość dla klienta (opcjonalnie)
staff-resolve = Zamknij
staff-resolution-repair = naprawa
staff-resolution-replacement = wymiana
staff-resolution-refund = zwrot pieniędzy
staff-resolution-rejected = odrzucona
staff-fault = Z czyjej winy (opcjonalnie)
staff-fault-customer = klienta
staff-fault-shop = sklepu
staff-fault-carrier = przewoźnika
staff-cost = Koszt dla sklepu (opcjonalnie)
staff-replacement-carrier = Przewoźnik wymiany (opcjonalnie)
staff-replacement-tracking = Numer przesyłki z wymianą (opcjonalnie)
staff-after-sales = Zwroty i reklamacje
staff-case-return-decide = Zwrot { $number } do decyzji
staff-case-return-coming = Zwrot { $number } w drodze
staff-case-return-refund = Zwrot { $number } do zapłaty
staff-case-complaint = Reklamacja { $number } do rozpatrzenia
event-order-received = Zamówienie przyjęte
event-needs-attention = Wymaga uwagi
event-attention-accepted = Przyjęte bez zmian
event-attention-resolved = Problemy rozwiązane
event-details-updated = Dane zmienione
event-cancellation-note = Uwagi do anulowania
event-order-cancelled = Zamówienie anulowane
event-paid-on-delivery = Opłacone przy odbiorze
event-stock-default-applied = Brak odpowiedzi: zastosowano domyślne
event-payment-received = Płatność otrzymana
event-payment-authorized = Płatność zablokowana
event-capture-failed = Pobranie odrzucone
event-hold-released = Blokada zwolniona
event-hold-not-released = Blokada niezwolniona
event-payment-repeated = Płatność zgłoszona ponownie
event-payment-reconciled = Płatność policzona raz
event-payment-currency-mismatch = Płatność w innej walucie
event-payment-failed = Płatność nieudana
event-payment-refunded = Zwrócono pieniądze
event-refund-ignored = Zwrot już policzony
event-payment-reminder = Wysłano przypomnienie o płatności
event-notification-failed = Wiadomość niedostarczona
event-notification-fallback = Wysłano innym kanałem
event-notification-resent = Wiadomość wysłana ponownie
event-shipped-unpaid = Wydane bez płatności
event-stock-chosen = Wybór w sprawie braków
event-call-attempt = Rozmowa
event-items-removed = Pozycje usunięte z zamówienia
event-storefront-update = Zmienione w sklepie
event-storefront-ignored = Zmiana ze sklepu pominięta
event-arrival-answered = Odpowiedź o dostawie
event-return-requested = Zwrot zgłoszony
event-return-updated = Zwrot zaktualizowany
event-complaint-opened = Reklamacja
event-complaint-resolved = Reklamacja rozpatrzona
event-replacement-tracked = Śledzenie wymiany
event-refund-note = Uwagi do zwrotu
notice-order-received = Zamówienie przyjęte
notice-new-order = Nowe zamówienie
notice-payment-received = Płatność otrzymana
notice-payment-failed = Płatność nieudana
notice-payment-reminder = Przypomnienie o płatności
notice-refunded = Zwrot pieniędzy
notice-order-cancelled = Zamówienie anulowane
notice-payment-alert = Płatność do sprawdzenia
notice-order-confirmed = Zamówienie potwierdzone
notice-being-assembled = W kompletacji
notice-out-of-stock = Braki: wybór
notice-shipped = Wysłane
notice-out-for-delivery = W doręczeniu
notice-available-for-pickup = Gotowe do odbioru
notice-delivery-exception = Problem z doręczeniem
notice-delivery-delayed = Opóźnione doręczenie
notice-delivered = Doręczone
notice-follow-up = Czy dotarło?
notice-shipment-stuck = Brak wieści od przewoźnika
notice-needs-attention = Zamówienie do sprawdzenia
notice-details-confirmed = Dane potwierdzone
notice-customer-unreachable = Klient nieosiągalny
notice-stock-decided = Braki: decyzja
notice-stock-answered = Klient wybrał
notice-processing-late = Czeka zbyt długo
notice-parcel-lost = Paczka zgubiona lub wraca
notice-pickup-reminder = Przypomnienie o odbiorze
notice-pickup-expired = Nieodebrane
notice-could-not-reach = Nie udało się dodzwonić
notice-capture-failed = Pobranie odrzucone
notice-hold-not-released = Zwolnij blokadę
notice-refund-due = Zwrot do wykonania
notice-arrival-problem = Dotarło z problemem
notice-return-requested = Zwrot zgłoszony
notice-return-approved = Zwrot przyjęty
notice-return-rejected = Zwrot odrzucony
notice-return-received = Zwrot otrzymany
notice-complaint-opened = Reklamacja przyjęta
notice-complaint-resolved = Reklamacja rozpatrzona
notice-replacement-delivered = Wymiana doręczona
staff-to-customer = do klienta
staff-to-owner = do sklepu
staff-channel-email = e-mail
staff-channel-sms = SMS
staff-carrier-update = Przewoźnik
staff-tick = Drukuj
staff-print-ticked = Drukuj listy pakowania zaznaczonych zamówień
staff-none-ticked = Zaznacz co najmniej jedno zamówienie.
page-not-found-title = Nie znaleziono zamówienia
page-not-found-text = Nie możemy znaleźć tego zamówienia. Użyj linku z ostatniej wiadomości.
page-not-understood-title = Niezrozumiałe
page-not-understood-text = Użyj wyborów na stronie zamówienia.
page-not-accepted-title = Nie przyjęto
page-not-accepted-text = Otwórz ponownie stronę zamówienia i odpowiedz tam.
page-try-again-title = Spróbuj ponownie
page-try-again-text = Nie udało się teraz zapisać odpowiedzi.
page-not-possible-title = Niemożliwe
page-not-possible-text = To nie jest już możliwe dla tego zamówienia; jego strona pokazuje, co jeszcze możesz zrobić.
page-stock-closed-text = Decyzja w sprawie brakujących produktów już zapadła.
refusal-answered-already = Już odpowiedziałeś.
refusal-complaint-before-delivery = Problem można zgłosić po doręczeniu zamówienia.
refusal-warranty-ended = Gwarancja skończyła się { $until }.
refusal-nothing-said = Napisz, co jest nie tak.
refusal-return-before-delivery = Zwroty są możliwe po doręczeniu zamówienia.
refusal-return-window-closed = Termin zwrotu minął { $until }.
refusal-nothing-to-return = Wybierz produkty i ilości, które można jeszcze zwrócić.
refusal-too-many-open-complaints = Zgłoszono już { $count } problemy z tym zamówieniem, na które sklep jeszcze nie odpowiedział. Prosimy poczekać na odpowiedź.
refusal-too-many-complaints = Tutaj nie można już zgłosić kolejnego problemu z tym zamówieniem. Prosimy o kontakt ze sklepem.
refusal-too-many-returns = Tutaj nie można już poprosić o kolejny zwrot tego zamówienia. Prosimy o kontakt ze sklepem.
staff-unmatched = Zdarzenia bez zamówienia
staff-unmatched-about = Płatności i aktualizacje przesyłek, które nie wskazywały żadnego znanego zamówienia, po dniu ponawiania przez dostawcę: płatność lub przesyłka spoza orderflow albo zamówienie, które nie dotarło. Sprawdź je w panelu dostawcy.
staff-unmatched-none = Brak.
staff-unmatched-source = Źródło
staff-unmatched-named = Czego dotyczyło
staff-unmatched-first = Pierwszy raz
payment_overdue-subject = Zamówienie { $number }: płatność jest zaległa
payment_overdue-body = Zamówienie { $number } ({ $total }) zostało wysłane przed zapłatą, a termin płatności już minął.
payment_overdue-more = Prosimy o zapłatę jak najszybciej. Jeśli płatność została już wysłana, odpowiedz na tę wiadomość, abyśmy mogli ją odnaleźć.
payment_overdue-sms = { $shop }: płatność za { $number } zaległa. { $link }
payment_overdue-owner = Zamówienie { $number } ({ $name }, { $total }) zostało wydane bez zapłaty na Twoją decyzję, a termin płatności minął. Nie zostało anulowane: pozostaje na liście zamówień jako nieopłacone, dopóki pieniądze nie wpłyną. Klient otrzymał jedno przypomnienie.
payment_overdue-owner-subject = Zamówienie { $number }: wydane bez zapłaty, płatność zaległa
staff-hint-unpaid = Wydane bez zapłaty
staff-hint-overdue = Wydane bez zapłaty: płatność zaległa
event-payment-overdue = Płatność zaległa (wydane bez zapłaty)
notice-payment-overdue = Płatność zaległa
sent_again-subject = Zamówienie { $number }: wysłaliśmy je ponownie
sent_again-body = Pierwsza paczka z zamówieniem { $number } do Ciebie nie dotarła, więc wysłaliśmy je ponownie przez { $carrier }, numer przesyłki { $tracking }. Nie musisz niczego odsyłać. Przepraszamy za oczekiwanie.
sent_again-sms = { $shop }: { $number } wysłane ponownie ({ $tracking }). { $link }
delay_announced-subject = Zamówienie { $number } się opóźni
delay_announced-body = Zamówienie { $number } dotrze później, niż zapowiadaliśmy: spodziewamy się, że będzie u Ciebie do { $until }. Przepraszamy za oczekiwanie.
delay_announced-sms = { $shop }: { $number } opóźni się. { $link }
notice-sent-again = Wysłane ponownie
notice-delay-announced = Zapowiedziane opóźnienie
event-payment-recorded = Płatność zapisana przez obsługę
event-cash-collected = Zapisano pobranie kuriera
event-sent-again = Wysłane ponownie
event-earlier-parcel = Wieści o pierwszej paczce
event-delay-announced = Zapowiedziane opóźnienie
staff-do-payment-received = Zapisz otrzymaną płatność
staff-do-send-again = Wyślij ponownie
staff-do-delay = Zapowiedz opóźnienie
staff-do-update-method = Popraw sposób i kanał
staff-received-amount = Otrzymana kwota
staff-received-method = Sposób
staff-via-bank_transfer = Przelew
staff-via-cash = Gotówka
staff-via-card_terminal = Terminal płatniczy
staff-via-cash_on_delivery = Pobrane przez kuriera
staff-received-reference = Tytuł przelewu lub numer paragonu
staff-received-on = Data wpływu
staff-resend-cost = Koszt zagubionej paczki dla sklepu
staff-delay-until = Nowa data
staff-next-call-at = Następny telefon
staff-estimated-delivery = Przewidywana dostawa
staff-shipping-method = Sposób dostawy
staff-payment-method = Sposób płatności
staff-channel = Preferowany kanał
staff-reconcile = Pobrania do rozliczenia
staff-reconcile-about = Doręczone zamówienia za pobraniem, których pobranie przez kuriera nie jest zapisane albo było niepełne. Zapisz, co kurier przekazał, przez „Zapisz otrzymaną płatność”.
staff-case-no-collection = Pobranie kuriera niezapisane
staff-case-short = Brakuje { $amount }
timeline-sent-again = Wysłane ponownie
timeline-delay-announced = Zapowiedziane opóźnienie
timeline-cancel-requested = Poproszono o anulowanie
timeline-cancel-declined = Nie udało się anulować
cancel_requested-subject = Zamówienie { $number }: klient prosi o anulowanie
cancel_requested-body = Klient zamówienia { $number } ({ $name }) prosi o jego anulowanie, a zamówienie jest kompletowane. Anuluj je albo realizuj dalej na jego stronie; klient dostanie odpowiedź w obu przypadkach.
cancel_requested-sms = { $shop }: klient prosi o anulowanie { $number }.
sms_budget_spent-subject = Budżet SMS na ten miesiąc został wyczerpany
sms_budget_spent-body = { $shop } wysłał w tym miesiącu tyle SMS-ów, ile pozwala budżet. Do końca miesiąca klienci dostają wiadomości e-mailem, jeśli podali adres; klient, który podał tylko numer telefonu, nie dostanie wiadomości, a jego zamówienie Cię o tym poinformuje. Zamówienie { $number } było pierwszą wiadomością ponad budżet. Aby w tym miesiącu znów wysyłać SMS-y, poproś dostawcę usługi o podniesienie budżetu (SMS_SEGMENTS_PER_MONTH).
sms_budget_spent-sms = { $shop }: budżet SMS na ten miesiąc wyczerpany; klienci dostają e-maile.
cancel_declined-subject = Nie udało się anulować zamówienia { $number }
cancel_declined-body = Nie udało się anulować zamówienia { $number }: było już spakowane i wyjeżdża do Ciebie. Po otrzymaniu możesz je zwrócić ze strony zamówienia.
cancel_declined-sms = { $shop }: { $number } nie anulowane. { $link }
notice-cancel-requested = Prośba o anulowanie
notice-cancel-declined = Anulowanie odrzucone
notice-sms-budget-spent = Budżet SMS wyczerpany
event-cancel-requested = Klient prosi o anulowanie
event-cancel-declined = Anulowanie odrzucone
event-personal-data-erased = Dane osobowe usunięte
staff-do-cancel-decline = Realizuj dalej
staff-cancel-requested = Klient prosi o anulowanie tego zamówienia. Anuluj je poniżej albo realizuj dalej: klient dostanie odpowiedź w obu przypadkach.
staff-hint-cancel-requested = Klient prosi o anulowanie
page-cancel-title = Anuluj zamówienie
page-cancel-now-text = Nic nie zostało jeszcze spakowane: zamówienie zostanie anulowane od razu, a zablokowana płatność zwolniona.
page-cancel-now = Anuluj moje zamówienie
page-cancel-ask-text = Zamówienie jest kompletowane: sklep odpowie, czy da się je jeszcze anulować.
page-cancel-ask = Poproś sklep o anulowanie
page-cancel-asked = Poproszono o anulowanie tego zamówienia ({ $at }); sklep przekaże odpowiedź.
page-cancel-declined = Sklep nie mógł anulować tego zamówienia. Po otrzymaniu możesz je zwrócić z tej strony.
page-cancel-after = Zamówienie opuściło sklep. Po otrzymaniu możesz je zwrócić z tej strony.
refusal-cancel-too-late = Tego zamówienia nie można już tu anulować. Po otrzymaniu możesz je zwrócić z jego strony.
staff-paid-in = Zapłacono w { $currency }
order_cancelled-refund = Zamówienie było opłacone ({ $received }): zwróć pieniądze przez operatora płatności albo zapisz na stronie zamówienia zwrot zrobiony inaczej.

## Dlaczego działanie obsługi zostało odrzucone
staff-refusal-transition = Niemożliwe dla zamówienia o statusie „{ $status }”.
staff-refusal-no-stock-question = Nie ma otwartego pytania o brakujący towar.
staff-refusal-choice-not-offered = Ten wybór nie był proponowany.
staff-refusal-unpaid = Zamówienie nie jest opłacone (płatność: { $payment }): wyjdzie po opłaceniu lub na decyzję obsługi (zaznacz wysyłkę bez płatności).
staff-refusal-no-such-complaint = Nie ma reklamacji numer { $number }.
staff-refusal-complaint-settled = Reklamacja { $number } jest już rozpatrzona.
staff-refusal-all-returned = Wszystkie pozycje są już zwracane.
staff-refusal-no-such-return = Nie ma zwrotu numer { $number }.
staff-refusal-return-already = Zwrot { $number } jest już po tym etapie.
staff-refusal-refund-over-paid = Zwrot przekroczyłby zapłaconą kwotę.
staff-refusal-not-an-amount = „{ $text }” nie jest kwotą w walucie zamówienia ({ $currency }).
staff-refusal-not-cash-on-delivery = Zamówienie nie jest płatne przy odbiorze.
staff-refusal-collection-recorded = Pobranie przez kuriera jest już zapisane.
staff-refusal-not-delivered-yet = Kurier pobiera należność przy doręczeniu: zamówienie nie jest doręczone.
staff-refusal-paid-already = Zamówienie jest już opłacone ({ $amount }).
staff-refusal-owed-only = Do zapłaty zostało { $amount }, nie więcej.
staff-refusal-same-parcel = { $number } to wcześniej wysłana paczka: podaj numer nowej.
staff-refusal-day-passed = { $day } już minął: podaj dzień, w którym klient może się jej spodziewać.
staff-refusal-unknown-items = Żadna pozycja zamówienia nie jest { $items }: wskaż każdy brakujący towar kodem SKU lub nazwą pozycji.
