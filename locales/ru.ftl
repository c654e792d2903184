# Русский.

## Formats
number-decimal = ,
number-group = { "\u00A0" }
date = { $day } { $month } { $year }
datetime = { $day } { $month } { $year }, { $time } { $zone }
month-1 = янв.
month-2 = февр.
month-3 = мар.
month-4 = апр.
month-5 = мая
month-6 = июн.
month-7 = июл.
month-8 = авг.
month-9 = сент.
month-10 = окт.
month-11 = нояб.
month-12 = дек.

## Shared pieces
hello = Здравствуйте, { $name }!
items-subtotal = Подытог
items-shipping = Доставка ({ $method })
items-tax = НДС
items-total = Итого
address-delivered-to = Адрес доставки:
address-ship-to = Отправить ({ $method }):
address-collect = Самовывоз ({ $method })
customer-heading = Покупатель
customer-note = Комментарий покупателя
hello-anonymous = Здравствуйте!
customer-no-name = (имя не указано)
contact-unusable = как указано, использовать нельзя
items-discount = Скидка
address-none = Доставка не нужна
status-link = Статус заказа
tracking-link = Отследить посылку
pay-link = Оплатить

## Order received (customer) and new order (owner)
order_received-subject = Мы получили ваш заказ { $number }
order_received-body = Спасибо за заказ { $number }! Мы его получили и будем сообщать вам о каждом этапе.
order_received-pickup = Вы выбрали самовывоз; мы сообщим, когда заказ будет готов.
order_received-address = Чтобы отправить заказ, нам нужен полный адрес доставки (имя, улица, индекс, город и страна). Пожалуйста, пришлите его в ответ на это письмо.
order_received-phone = Указанный номер телефона ({ $phone }) выглядит неверным: пожалуйста, пришлите в ответ номер, по которому курьер сможет с вами связаться.
order_received-sms = { $missing ->
    [address] { $shop }: нужен адрес для { $number }: { $link }
   *[none] { $shop }: заказ { $number } принят. { $link }
}
new_order-subject = Новый заказ { $number } ({ $count ->
    [one] { $count } товар
    [few] { $count } товара
   *[many] { $count } товаров
}, { $total })
new_order-body = Новый заказ { $number } от покупателя { $name }.
new_order-sms = { $shop }: новый заказ { $number } ({ $total })
## Payments
payment_received-subject = Оплата заказа { $number } получена
payment_received-body = Мы получили ваш платёж { $amount } за заказ { $number }.
payment_received-more = { $full ->
    [yes] Заказ полностью оплачен. Мы сообщим, когда он будет отправлен.
   *[no] Осталось оплатить { $remaining } из { $total }.
}
payment_received-sms = { $shop }: { $full ->
    [yes] заказ { $number } оплачен, спасибо.
   *[no] получено { $amount }, осталось { $remaining }.
}
payment_failed-subject = Оплата заказа { $number } не прошла
payment_failed-body = Платёж { $total } за заказ { $number } не прошёл; деньги не списаны.
payment_failed-more = Попробуйте оплатить другой картой или способом либо ответьте на это письмо, и мы поможем.
payment_failed-due = Мы сохраним заказ до { $due }.
payment_failed-sms = { $shop }: оплата { $number } не прошла. { $link }
payment_reminder-subject = Заказ { $number } ждёт оплаты
payment_reminder-body = Заказ { $number } ({ $total }) всё ещё ждёт оплаты.
payment_reminder-more = Пожалуйста, оплатите его до { $due }; после этого заказ будет автоматически отменён.
payment_reminder-sms = { $shop }: оплатите { $number } до { $due_date }, иначе отменим.
refunded-subject = Возврат { $amount } по заказу { $number }
refunded-body = Мы вернули { $amount } по заказу { $number }. Деньги могут поступить на счёт в течение нескольких дней.
refunded-more = Всего возвращено: { $refunded }.
refunded-sms = { $shop }: возврат { $amount } ({ $number }). { $link }
payment_alert-subject = Заказ { $number } требует внимания: { $alert }
payment_alert-body = Заказ { $number } ({ $name }) требует внимания: { $alert }.
payment_alert-more = Сумма заказа { $total } · получено { $received } · этот платёж { $amount }
payment_alert-sms = { $shop }: { $number } требует внимания (оплата).
alert-cancelled = оплата пришла после отмены заказа; верните её или восстановите заказ
alert-overpaid = оплачено больше суммы заказа; заказ приостановлен
alert-currency = платёж в другой валюте; заказ приостановлен
alert-partial = оплачена только часть суммы
alert-check = проверьте платёж

## Cancellation
order_cancelled-subject = Заказ { $number } отменён
order_cancelled-body = Ваш заказ { $number } отменён: { $reason }.
order_cancelled-more = Если это неожиданно, ответьте на это письмо, и мы во всём разберёмся.
order_cancelled-owner = Заказ { $number } ({ $name }, { $total }) отменён: { $reason }. Этап: { $stage }; кем: { $actor }.
order_cancelled-sms = { $shop }: заказ { $number } отменён. { $link }
cancel-reason-payment_timeout = оплата не поступила вовремя
cancel-reason-customer = по вашей просьбе
cancel-reason-out_of_stock = товара нет в наличии
cancel-reason-fraud = не удалось подтвердить оплату
cancel-reason-shop = магазин не смог его выполнить

## Fulfilment
order_confirmed-subject = Заказ { $number } подтверждён
order_confirmed-body = Хорошие новости: мы подтвердили ваш заказ { $number } и готовим его.
order_confirmed-pay = Пожалуйста, оплатите { $remaining } до { $due }, указав { $number }.
order_confirmed-sms = { $shop }: заказ { $number } подтверждён. { $link }
being_assembled-subject = Заказ { $number } собирается
being_assembled-body = Ваш заказ { $number } собирается. Мы сообщим, как только он будет отправлен.
being_assembled-sms = { $shop }: собираем { $number }. { $link }
out_of_stock-subject = Части заказа { $number } нет в наличии: выберите вариант
out_of_stock-body = К сожалению, { $items } из заказа { $number } { $count ->
    [one] нет
   *[other] нет
} в наличии.
out_of_stock-more = Вы можете выбрать: { $options }. Выберите на странице заказа (ссылка ниже) или ответьте на это сообщение до { $by }; иначе мы { $default }.{ $expected ->
    [none] {""}
   *[other] {" "}Поступление ожидается { $expected }.
}
out_of_stock-sms = { $shop }: { $number }: товара нет, выберите: { $link }
stock-option-substitute = замену
stock-option-wait = ожидание поступления
stock-option-cancel_missing = отправку остального без них
stock-option-cancel = отмену заказа
stock-default-substitute = отправим замену
stock-default-wait = подождём поступления
stock-default-cancel_missing = отправим остальное без них
stock-default-cancel = отменим заказ
shipped-subject = Заказ { $number } отправлен
shipped-body = Ваш заказ { $number } отправлен, перевозчик: { $carrier }{ $tracking ->
        [none] .
       *[other] , трек-номер { $tracking }.
    }
shipped-more = Ожидаемая доставка: { $eta }.
shipped-sms = { $shop }: { $number } отправлен{ $tracking ->
        [none] {""}
       *[other] {" "}({ $tracking })
    }. { $link }
out_for_delivery-subject = Заказ { $number } передан курьеру
out_for_delivery-body = Ваш заказ { $number } будет доставлен сегодня.
out_for_delivery-sms = { $shop }: { $number } привезут сегодня. { $link }
available_for_pickup-subject = Заказ { $number } ждёт получения
available_for_pickup-body = Ваш заказ { $number } можно забрать: { $place }.
available_for_pickup-sms = { $shop }: { $number } можно забрать: { $place }. { $code ->
    [none] {""}
   *[other] Код: { $code }
}
pickup-point = в пункте выдачи
delivery_exception-subject = Проблема с доставкой заказа { $number }
delivery_exception-body = С доставкой заказа { $number } возникла проблема: { $problem }.
delivery_exception-more = { $next }
delivery_exception-sms = { $shop }: проблема с доставкой { $number }: { $link }
exception-failed_attempt = курьер не смог доставить посылку
exception-failed_attempt-next = Он попробует ещё раз или оставит извещение.
exception-delayed = посылка задерживается в пути
exception-delayed-next = Она всё ещё в пути; мы сообщим, когда её передадут курьеру.
exception-lost = перевозчик потерял посылку
exception-lost-next = Мы выясняем ситуацию с перевозчиком и свяжемся с вами.
exception-returning_to_sender = посылка возвращается к нам
exception-returning_to_sender-next = Мы свяжемся с вами насчёт повторной отправки или возврата денег.
exception-other = перевозчик сообщил о проблеме
exception-other-next = Мы разбираемся и будем держать вас в курсе.
delivery_delayed-subject = Заказ { $number } задерживается
delivery_delayed-body = Ваш заказ { $number } придёт позже обещанного: перевозчик теперь ожидает доставку { $eta }. Приносим извинения за ожидание.
delivery_delayed-sms = { $shop }: { $number } задерживается, ждём { $eta }.
delivered-subject = Заказ { $number } доставлен
delivered-body = Ваш заказ { $number } доставлен. Приятного пользования!
delivered-sms = { $shop }: { $number } доставлен. Приятного пользования!
follow_up-subject = Заказ { $number } пришёл в порядке?
follow_up-body = Заказ { $number } пришёл в хорошем состоянии? Расскажите на странице заказа — там же можно вернуть товары: { $link }
follow_up-sms = { $shop }: { $number } в порядке? { $link }
shipment_stuck-subject = Нет новостей от перевозчика по заказу { $number }
shipment_stuck-body = По заказу { $number } ({ $name }) нет обновлений от перевозчика с { $since }.
shipment_stuck-sms = { $shop }: нет вестей от перевозчика по { $number } с { $since }.


## Заказы, требующие внимания, и данные, подтверждённые магазином
needs_attention-subject = Заказ { $number } требует внимания: исправить { $problems ->
    [one] { $problems } пункт
    [few] { $problems } пункта
   *[other] { $problems } пунктов
}
needs_attention-body = Заказ { $number } от покупателя { $name } записан, но прежде чем он пойдёт дальше, нужно ваше участие.
needs_attention-told = Покупатель знает, что заказ получен.
needs_attention-asked = Покупатель знает, что заказ получен, и мы попросили его прислать адрес доставки.
needs_attention-unreachable = Покупатель не оставил пригодных email или телефона, поэтому ему ничего не сообщили.
needs_attention-fix = Дополните недостающее действием «update» в бэк-офисе или подтвердите заказ как есть.
needs_attention-heading = Что исправить
needs_attention-sms = { $shop }: заказ { $number } требует внимания.
problem-no_contact = нет пригодного email или телефона
problem-no_recipient = в адресе доставки нет имени получателя
problem-no_address = нет адреса доставки
problem-no_street = в адресе нет улицы
problem-no_city = в адресе нет города
problem-bad_country = нет страны или код страны не двухбуквенный
problem-no_shipping_method = не выбран способ доставки
problem-no_payment_method = не выбран способ оплаты
problem-no_items = в заказе нет товаров
problem-bad_item = товар без названия, количества или цены
details_confirmed-subject = Данные заказа { $number } подтверждены
details_confirmed-body = Мы подтвердили данные доставки вашего заказа { $number } ({ $method }). Мы сообщим, как только он двинется дальше.
details_confirmed-sms = { $shop }: данные { $number } подтверждены. { $link }
customer_unreachable-subject = Не удалось связаться с покупателем по заказу { $number }
customer_unreachable-body = Сообщение для { $name } по заказу { $number } не удалось доставить ни по одному из указанных каналов. Пожалуйста, свяжитесь с покупателем другим способом; в истории заказа видно, какое сообщение не дошло и почему.
customer_unreachable-sms = { $shop }: не удалось связаться с покупателем по заказу { $number }.
stock_decided-subject = О недостающих товарах в заказе { $number }
stock_decided-body = { $choice ->
    [substitute] Мы отправим замену для { $items }, и заказ { $number } продолжит выполняться.
    [cancel_missing] Мы отправим заказ { $number } без { $items }: они убраны из заказа, на { $amount } меньше{ $paid ->
        [yes] ; эту сумму мы вернём.
       *[no] .
    }
   *[wait] Мы дождёмся { $items } и отправим заказ { $number }, как только они появятся{ $expected ->
        [none] .
       *[other] ; ожидаем их { $expected }.
    }
}
stock_decided-sms = { $shop }: { $number } { $choice ->
    [substitute] с заменой.
    [cancel_missing] уйдёт без недостающих товаров.
   *[wait] ждёт.
} { $link }
stock_answered-subject = Заказ { $number }: покупатель ответил о недостающих товарах
stock_answered-body = { $name } ответил(а) на вопрос о { $items } в заказе { $number }: { $choice ->
    [substitute] отправить замену.
    [cancel] отменить заказ (он отменён).
    [cancel_missing] отправить остальное; недостающие товары убраны из заказа ({ $amount }).
   *[wait] дождаться товаров.
}
stock_answered-sms = { $shop }: заказ { $number }, покупатель выбрал: { $choice }.
payment_failed-owner-subject = Платёж по заказу { $number } не прошёл
payment_failed-owner = Платёж { $total } по заказу { $number } ({ $name }) не прошёл. Покупателю сообщили, как оплатить.
processing_late-subject = Заказ { $number } всё ещё ждёт отправки
processing_late-body = Заказ { $number } от { $name } ещё не собран и не отправлен.
processing_late-sms = { $shop }: заказ { $number } всё ещё ждёт отправки.
parcel_lost-subject = Посылка заказа { $number } требует внимания
parcel_lost-body = Посылка заказа { $number } ({ $name }, { $carrier }): { $problem }. Отправьте её заново или верните деньги; покупатель предупреждён.
parcel_lost-sms = { $shop }: посылка { $number }: { $problem }.
pickup-hours = Часы работы
pickup-code = Ваш код получения
pickup_reminder-subject = Заказ { $number } ждёт вас
pickup_reminder-body = Ваш заказ { $number } всё ещё ждёт получения: { $place }.
pickup_reminder-sms = { $shop }: { $number } ждёт вас: { $place }. { $code ->
    [none] {""}
   *[other] Код: { $code }
}
pickup_expired-subject = Заказ { $number } не забрали
pickup_expired-body = Заказ { $number } ({ $name }) ждал получения ({ $place }), но за ним никто не пришёл. Свяжитесь с покупателем или заберите его.
pickup_expired-sms = { $shop }: { $number } не забрали ({ $place }).
could_not_reach-subject = Мы пытались позвонить вам по заказу { $number }
could_not_reach-body = Мы пытались позвонить вам по заказу { $number }, но не дозвонились. { $next_call ->
    [none] Мы скоро попробуем снова.
   *[other] Мы перезвоним { $next_call }.
} Вы также можете ответить на это сообщение.
could_not_reach-sms = { $shop }: не дозвонились по заказу { $number }. { $next_call ->
    [none] Перезвоним скоро.
   *[other] Перезвоним { $next_call }.
}

capture_failed-subject = Заказ { $number }: не удалось списать оплату
capture_failed-body = Оплату, заблокированную для заказа { $number } ({ $name }, { $total }), не удалось списать через { $provider }: { $failure }. Заказ не отправлен. Попросите покупателя оплатить иначе и отправьте снова — или отправьте без оплаты под свою ответственность.
capture_failed-sms = { $shop }: оплата за { $number } не списана ({ $provider }).
hold_not_released-subject = Заказ { $number }: снимите блокировку суммы
hold_not_released-body = Заказ { $number } ({ $name }) отменён, но заблокированные для него { $amount } не удалось разблокировать через { $provider }: { $failure }. Снимите блокировку в панели { $provider }, чтобы деньги покупателя не оставались заблокированными до истечения авторизации; если сумма уже списана, верните её.
hold_not_released-sms = { $shop }: снимите блокировку суммы по отменённому { $number } ({ $provider }).

refund_due-subject = Заказ { $number }: верните { $amount }
refund_due-body = { $items } убраны из заказа { $number } ({ $name }) после оплаты { $received }; теперь заказ стоит { $total }. Верните покупателю { $amount } в кабинете платёжной системы или тем способом, которым он платил.
refund_due-sms = { $shop }: верните { $amount } по { $number }.

arrival_problem-subject = Заказ { $number } пришёл в плохом состоянии
arrival_problem-body = Покупатель заказа { $number } ({ $name }) сообщает, что заказ пришёл в плохом состоянии. Свяжитесь с ним.
arrival_problem-sms = { $shop }: { $number } пришёл в плохом состоянии, говорит покупатель.
return_requested-subject = Ваш запрос на возврат по заказу { $number }
return_requested-body = Мы получили ваш запрос на возврат: { $return_items } из заказа { $number } ({ $return_reason }). Мы напишем, как отправить товар обратно.
return_requested-sms = { $shop }: возврат { $number } запрошен. { $link }
return_requested-owner = Покупатель заказа { $number } ({ $name }) хочет вернуть { $return_items }: { $return_reason }, { $amount }. Примите или отклоните возврат в бэк-офисе (возврат { $return_number }).
return_requested-owner-subject = Заказ { $number }: возврат ждёт решения
return_approved-subject = Возврат по заказу { $number } принят
return_approved-body = Вы можете отправить обратно { $return_items } из заказа { $number }. { $instructions ->
    [none] Мы свяжемся с вами и расскажем как.
   *[other] { $instructions }
} Когда посылка придёт, мы вернём { $amount }.
return_approved-sms = { $shop }: возврат по { $number } принят. { $link }
return_rejected-subject = О возврате по заказу { $number }
return_rejected-body = Мы не можем принять обратно { $return_items } из заказа { $number }: { $refusal }
return_rejected-sms = { $shop }: возврат по { $number } отклонён. { $link }
return_received-subject = Мы получили ваш возврат по заказу { $number }
return_received-body = Ваш возврат { $return_items } из заказа { $number } пришёл. Возвращаем { $amount }.
return_received-sms = { $shop }: возврат по { $number } получен, деньги в пути.
return-reason-changed_mind = Передумал(а)
return-reason-wrong_item = Не тот товар
return-reason-damaged = Повреждён
return-reason-not_as_described = Не соответствует описанию
return-reason-other = Другое
complaint_opened-subject = Мы получили ваше сообщение о заказе { $number }
complaint_opened-body = Мы получили ваше обращение по заказу { $number } ({ $complaint_kind }). Мы разберёмся и сообщим, что сделаем.
complaint_opened-sms = { $shop }: обращение по { $number } получено. { $link }
complaint_opened-owner = Покупатель заказа { $number } ({ $name }) сообщает о проблеме: { $complaint_kind }. Решите её в бэк-офисе (жалоба { $complaint_number }).
complaint_opened-owner-subject = Заказ { $number }: жалоба ждёт решения
complaint_resolved-subject = О вашем обращении по заказу { $number }
complaint_resolved-body = Обращение по заказу { $number }: { $resolution ->
    [repair] Мы его отремонтируем.
    [replacement] { $replacement ->
        [none] Мы отправим замену.
       *[other] Мы отправили замену: { $replacement }.
    }
    [refund] Мы вернём деньги.
   *[rejected] Мы не можем принять это обращение.
} { $resolution_note }
complaint_resolved-sms = { $shop }: ответ по { $number }. { $link }
complaint-kind-damaged = Повреждён
complaint-kind-missing_item = Не хватает товара
complaint-kind-wrong_item = Не тот товар
complaint-kind-defect = Перестал работать (гарантия)
replacement_delivered-subject = Замена по заказу { $number } доставлена
replacement_delivered-body = Замена, отправленная по заказу { $number }, доставлена. Надеемся, теперь всё в порядке.
replacement_delivered-sms = { $shop }: замена по { $number } доставлена.
digest-subject = Возвраты и жалобы, неделя до { $week }
digest-intro = Что принесла неделя до { $week }:
digest-returns = Возвраты ({ $count }): { $reason }
digest-complaints = Жалобы ({ $count }): { $kind }
## Status page
page-title = Заказ { $number }
page-parcel = Ваша посылка
page-carrier = Перевозчик: { $carrier }
page-tracking-number = Трек-номер: { $tracking }
page-eta = Ожидаемая доставка: { $eta }
page-collect = Где забрать: { $place }
page-follow = Отследить посылку на сайте перевозчика
page-history = История
page-items = Товары
page-total = Итого: { $total }
page-needs-address = Чтобы отправить этот заказ, нам нужен полный адрес доставки. Ответьте на наше сообщение или свяжитесь с { $shop }.
page-stock-question = Некоторых товаров нет в наличии: { $items }. Что нам сделать?
page-stock-deadline = Если ответа не будет до { $by }, мы сделаем так: { $default }.
page-stock-expected = Поступление ожидается { $expected }.
page-arrival-question = Заказ пришёл в хорошем состоянии?
page-arrival-yes = Да, всё хорошо
page-arrival-no = Нет, что-то не так
page-arrival-what = Что не так? (необязательно)
page-arrival-thanks = Спасибо, что рассказали.
page-arrival-sorry = Нам жаль: мы свяжемся с вами и всё исправим.
page-review = Оставить отзыв
page-return-title = Вернуть товары
page-return-until = Запросить возврат можно до { $until }.
page-return-reason = Почему?
page-return-send = Запросить возврат
page-complaint-title = Сообщить о проблеме
page-complaint-what = Что не так?
page-complaint-send = Отправить
page-complaint-state = Обращение { $number }: { $state ->
    [open] разбираемся
    [repair] будет отремонтирован
    [replacement] замена в пути
    [refund] деньги возвращены
   *[rejected] не принято
}
page-return-closed = Срок возврата истёк { $until }.
page-returns = Ваши возвраты
page-return-state = Возврат { $number }: { $state ->
    [requested] запрос получен
    [approved] принят
    [rejected] отклонён
    [received] получен, деньги в пути
   *[refunded] деньги возвращены
}
timeline-received = Заказ принят
timeline-paid = Оплата получена
timeline-payment-failed = Оплата не прошла
timeline-refunded = Возврат оформлен
timeline-reminder = Отправлено напоминание об оплате
timeline-paid-on-delivery = Оплачен при получении
timeline-cancelled = Заказ отменён
timeline-confirmed = Заказ подтверждён
timeline-packing = Собирается
timeline-on-hold = Приостановлен
timeline-shipped = Передан перевозчику
timeline-in-transit = В пути
timeline-out-for-delivery = Передан курьеру
timeline-pickup = Готов к выдаче
timeline-failed-attempt = Неудачная попытка доставки
timeline-delayed = Задержка в пути
timeline-problem = Проблема с доставкой
timeline-delivered = Доставлен
timeline-completed = Завершён

## Back-office pages
staff-actions = Действия
staff-bill-to = Покупатель
staff-by-status = Заказы по статусам
staff-carrier = Перевозчик
staff-cause = Причина
staff-customer = Покупатель
staff-deliver-to = Доставить
staff-discount = Скидка
staff-find = Найти
staff-find-number = Номер заказа, e-mail или телефон
staff-history = История
staff-invoice = Счёт
staff-item = Товар
staff-items = Товары
staff-line-total = Сумма
staff-message-failed = не доставлено
staff-message-sent = отправлено { $at }
staff-message-waiting = ожидает
staff-messages = Сообщения
staff-missing-items = Недостающие товары (по одному в строке, SKU или название)
staff-more = Дальше
staff-next = Что дальше
staff-no-actions = В этом статусе делать нечего.
staff-no-such-number = Нет заказа с номером { $number }.
staff-none = Заказов нет.
staff-not-found = Такого заказа нет.
staff-note = Примечание
staff-order = Заказ
staff-order-title = Заказ { $number }
staff-orders = Заказы
staff-packing-slip = Упаковочный лист
staff-paused = Слишком много неверных токенов отсюда или для этой учётной записи: попробуйте через 15 минут.
staff-payment = Оплата
staff-placed = Оформлен
staff-price = Цена
staff-quantity = Кол-во
staff-refused = Не принято: откройте страницу заново и повторите.
staff-ship-unpaid = Отправить без оплаты
staff-shipping = Доставка
staff-sign-in = Войти
staff-sign-out = Выйти
staff-sign-out-everywhere = Выйти на всех устройствах
staff-no-session-key = Вход не настроен: нет SESSION_KEY магазина.
staff-role-needed = Нужна роль { $role }.
staff-sessions-ended = Все сеансы { $account } завершены.
staff-audit = Журнал аудита
staff-audit-day = День
staff-audit-show = Показать
staff-audit-none = В этот день ничего не записано.
staff-audit-when = Когда
staff-audit-who = Кто
staff-audit-what = Что
staff-audit-subject = Объект
staff-audit-outcome = Итог
staff-erase = Удалить персональные данные покупателя
staff-erase-about = Имя, email, телефон, адреса и заметки удаляются из всех его заказов; суммы, товары, номера и даты остаются для учёта. Отменить нельзя.
staff-erase-confirm = Введите erase для подтверждения
staff-erase-unconfirmed = Ничего не удалено: введите erase в поле для подтверждения.
staff-sku = Артикул
staff-subtotal = Подытог
staff-tax = НДС
staff-tax-id = ИНН { $id }
staff-tax-rate = Ставка налога
staff-prices-include-tax = Цены указаны с налогом.
staff-account = Ваше имя (учётная запись)
staff-token = Ваш токен сотрудника
staff-total = Итого
staff-tracking = Отследить посылку
staff-tracking-number = Трек-номер
staff-tracking-url = Ссылка для отслеживания (необязательно)
staff-wrong-token = Это имя и токен не подходят ни к одной учётной записи.
staff-status-received = Получен
staff-status-confirmed = Подтверждён
staff-status-packing = Собирается
staff-status-on_hold = Приостановлен
staff-status-shipped = Отправлен
staff-status-in_transit = В пути
staff-status-out_for_delivery = Доставляется
staff-status-available_for_pickup = Ждёт получения
staff-status-delivery_exception = Проблема с доставкой
staff-status-delivered = Доставлен
staff-status-returned = Возвращён
staff-status-cancelled = Отменён
staff-status-archived = В архиве
staff-payment-unpaid = не оплачен
staff-payment-authorized = авторизован
staff-payment-paid = оплачен
staff-payment-partially_paid = оплачен частично
staff-payment-refunded = возвращён
staff-payment-partially_refunded = возвращён частично
staff-payment-failed = не прошла
staff-method-prepaid = предоплата
staff-method-invoice = по счёту
staff-method-cash_on_delivery = наложенный платёж
staff-cause-customer = Просьба покупателя
staff-cause-out_of_stock = Нет в наличии
staff-cause-fraud = Мошенничество
staff-cause-shop = Решение магазина
staff-do-confirm = Подтвердить
staff-do-pack = Собрать
staff-do-ship = Отправить
staff-do-out-of-stock = Сообщить о нехватке
staff-do-deliver = Отметить доставленным
staff-do-cancel = Отменить заказ
staff-do-ready-for-pickup = Готов к выдаче
staff-do-stock-choice = Записать выбор покупателя
staff-do-call = Записать звонок
staff-do-refund = Записать возврат денег
staff-do-update-contact = Исправить контакт
staff-do-update-address = Исправить адрес доставки
staff-do-update-billing = Исправить адрес для счёта
staff-name = Имя
staff-email = Эл. почта
staff-phone = Телефон
staff-recipient = Получатель
staff-company = Компания
staff-street = Улица и дом
staff-street-more = Квартира, корпус (необязательно)
staff-postal-code = Индекс
staff-city = Город
staff-region = Регион или область
staff-country = Страна (двухбуквенный код, напр. RU)
staff-to-fix = Требует внимания
staff-to-fix-how = Исправьте данные ниже или подтвердите заказ, чтобы выполнить его как есть.
staff-pickup-place = Где забрать
staff-pickup-hours = Часы работы (необязательно)
staff-pickup-code = Код получения (необязательно)
staff-pickup-unpaid = Подготовить к выдаче без оплаты
staff-offer = Варианты для покупателя
staff-default-choice = Если покупатель не ответит
staff-expected-on = Снова в наличии (необязательно)
staff-answer-within = Часов на ответ
staff-stock-choice = Покупатель выбрал
staff-call-outcome = Звонок
staff-call-reached = Дозвонились
staff-call-no_answer = Нет ответа
staff-call-wrong_number = Неверный номер
staff-refund-amount = Возвращённая сумма
staff-refund-note = Как вернули (необязательно)
staff-next-received = Подтвердить
staff-next-confirmed = Собрать
staff-next-packing = Отправить
staff-next-on_hold = Требует внимания
staff-next-shipped = У перевозчика
staff-next-in_transit = У перевозчика
staff-next-out_for_delivery = Доставляется
staff-next-available_for_pickup = Ждёт получения
staff-next-delivery_exception = Проблема с доставкой
staff-next-delivered = Готово
staff-next-returned = Возвращён
staff-next-cancelled = Отменён
staff-next-archived = В архиве
staff-back-to-order = Назад к заказу
staff-prefers = Связь через: { $channel }
staff-customer-note = Заметка сотрудников о покупателе
staff-save = Сохранить
staff-their-orders = Заказы покупателя
staff-message-sent-short = отправлено
staff-no-contact = У этого заказа нет e-mail или телефона, чтобы узнать покупателя.
staff-nothing-found = Ничего не найдено: проверьте номер, e-mail или телефон.
staff-customer-card = Карточка покупателя
staff-hint-attention = Требует внимания: не хватает данных
staff-hint-stock = Ждём выбора покупателя
staff-hint-payment-check = Проверьте оплату
staff-hint-due = Оплата до { $due }
staff-hint-stuck = Нет вестей от перевозчика: проверьте посылку
staff-returns = Возвраты
staff-return-title = Возврат { $number }
staff-return-instructions = Как отправить обратно (необязательно: иначе RETURN_INSTRUCTIONS)
staff-return-approve = Принять возврат
staff-return-refusal = Почему нет
staff-return-reject = Отклонить возврат
staff-return-condition = Состояние при получении (необязательно)
staff-return-received = Отметить полученным
staff-return-requested = запрошен
staff-return-approved = принят
staff-return-rejected = отклонён
staff-return-received-state = получен
staff-return-refunded = деньги возвращены
staff-complaints = Жалобы
staff-complaint-title = Жалоба { $number }
staff-resolution = Решение
staff-resolution-note = Что сказать покупателю (необязательно)
staff-resolve = Закрыть
staff-resolution-repair = ремонт
staff-resolution-replacement = замена
staff-resolution-refund = возврат денег
staff-resolution-rejected = отклонена
staff-fault = По чьей вине (необязательно)
staff-fault-customer = покупателя
staff-fault-shop = магазина
staff-fault-carrier = перевозчика
staff-cost = Во что обошлось магазину (необязательно)
staff-replacement-carrier = Перевозчик замены (необязательно)
staff-replacement-tracking = Трек-номер замены (необязательно)
staff-after-sales = Возвраты и жалобы
staff-case-return-decide = Возврат { $number } ждёт решения
staff-case-return-coming = Возврат { $number } в пути
staff-case-return-refund = Возврат { $number }: вернуть деньги
staff-case-complaint = Жалоба { $number } ждёт решения
event-order-received = Заказ получен
event-needs-attention = Требует внимания
event-attention-accepted = Принят как есть
event-attention-resolved = Проблемы решены
event-details-updated = Данные изменены
event-cancellation-note = Примечание к отмене
event-order-cancelled = Заказ отменён
event-paid-on-delivery = Оплачен при получении
event-stock-default-applied = Нет ответа: применён вариант по умолчанию
event-payment-received = Оплата получена
event-payment-authorized = Оплата заблокирована
event-capture-failed = Списание отклонено
event-hold-released = Блокировка снята
event-hold-not-released = Блокировка не снята
event-payment-repeated = Оплата сообщена повторно
event-payment-reconciled = Оплата учтена один раз
event-payment-currency-mismatch = Оплата в другой валюте
event-payment-failed = Оплата не прошла
event-payment-refunded = Деньги возвращены
event-refund-ignored = Возврат уже учтён
event-payment-reminder = Отправлено напоминание об оплате
event-notification-failed = Сообщение не доставлено
event-notification-fallback = Отправлено другим каналом
event-notification-resent = Сообщение отправлено повторно
event-shipped-unpaid = Передан без оплаты
event-stock-chosen = Выбор по отсутствующим товарам
event-call-attempt = Звонок
event-items-removed = Товары убраны из заказа
event-storefront-update = Изменён в магазине
event-storefront-ignored = Изменение из магазина не применено
event-arrival-answered = Ответ о получении
event-return-requested = Запрошен возврат
event-return-updated = Возврат обновлён
event-complaint-opened = Жалоба
event-complaint-resolved = Жалоба рассмотрена
event-replacement-tracked = Отслеживание замены
event-refund-note = Примечание к возврату
notice-order-received = Заказ получен
notice-new-order = Новый заказ
notice-payment-received = Оплата получена
notice-payment-failed = Оплата не прошла
notice-payment-reminder = Напоминание об оплате
notice-refunded = Возврат денег
notice-order-cancelled = Заказ отменён
notice-payment-alert = Проверить оплату
notice-order-confirmed = Заказ подтверждён
notice-being-assembled = Собирается
notice-out-of-stock = Нет в наличии: выбор
notice-shipped = Отправлен
notice-out-for-delivery = Передан курьеру
notice-available-for-pickup = Готов к выдаче
notice-delivery-exception = Проблема с доставкой
notice-delivery-delayed = Доставка задерживается
notice-delivered = Доставлен
notice-follow-up = Всё ли пришло?
notice-shipment-stuck = Нет новостей от перевозчика
notice-needs-attention = Проверить заказ
notice-details-confirmed = Данные подтверждены
notice-customer-unreachable = Покупатель недоступен
notice-stock-decided = Нет в наличии: решено
notice-stock-answered = Покупатель выбрал
notice-processing-late = Ждёт слишком долго
notice-parcel-lost = Посылка потеряна или возвращается
notice-pickup-reminder = Напоминание о получении
notice-pickup-expired = Не забран
notice-could-not-reach = Не удалось дозвониться
notice-capture-failed = Списание отклонено
notice-hold-not-released = Снять блокировку
notice-refund-due = Нужно вернуть деньги
notice-arrival-problem = Пришло с проблемой
notice-return-requested = Запрошен возврат
notice-return-approved = Возврат принят
notice-return-rejected = Возврат отклонён
notice-return-received = Возврат получен
notice-complaint-opened = Жалоба получена
notice-complaint-resolved = Жалоба рассмотрена
notice-replacement-delivered = Замена доставлена
staff-to-customer = покупателю
staff-to-owner = магазину
staff-channel-email = e-mail
staff-channel-sms = SMS
staff-carrier-update = Перевозчик
staff-tick = Печать
staff-print-ticked = Напечатать упаковочные листы отмеченных заказов
staff-none-ticked = Отметьте хотя бы один заказ.
page-not-found-title = Заказ не найден
page-not-found-text = Мы не нашли этот заказ. Воспользуйтесь ссылкой из последнего сообщения.
page-not-understood-title = Непонятно
page-not-understood-text = Воспользуйтесь вариантами на странице заказа.
page-not-accepted-title = Не принято
page-not-accepted-text = Откройте страницу заказа снова и ответьте там.
page-try-again-title = Попробуйте ещё раз
page-try-again-text = Сейчас не удалось сохранить ваш ответ.
page-not-possible-title = Невозможно
page-not-possible-text = Для этого заказа это уже невозможно; на его странице видно, что ещё можно сделать.
page-stock-closed-text = Решение по отсутствующим товарам уже принято.
refusal-answered-already = Вы уже ответили.
refusal-complaint-before-delivery = Сообщить о проблеме можно после доставки заказа.
refusal-warranty-ended = Гарантия закончилась { $until }.
refusal-nothing-said = Напишите, что не так.
refusal-return-before-delivery = Возврат возможен после доставки заказа.
refusal-return-window-closed = Срок возврата истёк { $until }.
refusal-nothing-to-return = Выберите товары и количество, которые ещё можно вернуть.
refusal-too-many-open-complaints = По этому заказу уже есть обращения ({ $count }), на которые магазин ещё не ответил. Пожалуйста, дождитесь ответа.
refusal-too-many-complaints = Сообщить о новой проблеме с этим заказом здесь больше нельзя. Пожалуйста, свяжитесь с магазином.
refusal-too-many-returns = Запросить ещё один возврат по этому заказу здесь больше нельзя. Пожалуйста, свяжитесь с магазином.
staff-unmatched = События без заказа
staff-unmatched-about = Платежи и обновления посылок, не указавшие ни одного известного магазину заказа, после суток повторных попыток поставщика: платёж или посылка не из orderflow либо заказ, который так и не пришёл. Проверьте их в панели поставщика.
staff-unmatched-none = Нет.
staff-unmatched-source = Источник
staff-unmatched-named = Что указано
staff-unmatched-first = Впервые
payment_overdue-subject = Заказ { $number }: оплата просрочена
payment_overdue-body = Ваш заказ { $number } ({ $total }) был отправлен до оплаты, и срок оплаты уже прошёл.
payment_overdue-more = Пожалуйста, оплатите заказ как можно скорее. Если вы уже оплатили, ответьте на это письмо, чтобы мы нашли платёж.
payment_overdue-sms = { $shop }: оплата { $number } просрочена. { $link }
payment_overdue-owner = Заказ { $number } ({ $name }, { $total }) был передан без оплаты по вашему решению, и срок оплаты прошёл. Он не отменён: он остаётся в списке заказов как неоплаченный, пока не придут деньги. Покупателю отправлено одно напоминание.
payment_overdue-owner-subject = Заказ { $number }: передан без оплаты, оплата просрочена
staff-hint-unpaid = Передан без оплаты
staff-hint-overdue = Передан без оплаты: оплата просрочена
event-payment-overdue = Оплата просрочена (передан без оплаты)
notice-payment-overdue = Оплата просрочена
sent_again-subject = Заказ { $number }: мы отправили его снова
sent_again-body = Первая посылка с заказом { $number } до вас не дошла, поэтому мы отправили его снова, перевозчик: { $carrier }, трек-номер { $tracking }. Ничего возвращать не нужно. Приносим извинения за ожидание.
sent_again-sms = { $shop }: { $number } отправлен снова ({ $tracking }). { $link }
delay_announced-subject = Заказ { $number } задержится
delay_announced-body = Ваш заказ { $number } придёт позже, чем мы обещали: теперь мы ожидаем, что он будет у вас до { $until }. Приносим извинения за ожидание.
delay_announced-sms = { $shop }: { $number } задержится. { $link }
notice-sent-again = Отправлен снова
notice-delay-announced = Объявлена задержка
event-payment-recorded = Оплата записана сотрудником
event-cash-collected = Записана сумма, полученная курьером
event-sent-again = Отправлен снова
event-earlier-parcel = Новости о первой посылке
event-delay-announced = Объявлена задержка
staff-do-payment-received = Записать полученную оплату
staff-do-send-again = Отправить снова
staff-do-delay = Объявить задержку
staff-do-update-method = Исправить способ и канал
staff-received-amount = Полученная сумма
staff-received-method = Способ
staff-via-bank_transfer = Банковский перевод
staff-via-cash = Наличные
staff-via-card_terminal = Платёжный терминал
staff-via-cash_on_delivery = Получено курьером
staff-received-reference = Назначение платежа или номер чека
staff-received-on = Дата поступления
staff-resend-cost = Во что магазину обошлась потерянная посылка
staff-delay-until = Новая дата
staff-next-call-at = Следующий звонок
staff-estimated-delivery = Ожидаемая доставка
staff-shipping-method = Способ доставки
staff-payment-method = Способ оплаты
staff-channel = Предпочтительный канал
staff-reconcile = Наложенные платежи к сверке
staff-reconcile-about = Доставленные заказы с оплатой при получении, по которым не записано, сколько получил курьер, или получено меньше. Запишите, что курьер перечислил, через «Записать полученную оплату».
staff-case-no-collection = Сумма от курьера не записана
staff-case-short = Недостаёт { $amount }
timeline-sent-again = Отправлен снова
timeline-delay-announced = Объявлена задержка
timeline-cancel-requested = Вы попросили отменить
timeline-cancel-declined = Отменить не удалось
cancel_requested-subject = Заказ { $number }: покупатель просит отменить
cancel_requested-body = Покупатель заказа { $number } ({ $name }) просит его отменить, а заказ уже собирается. Отмените его или продолжайте на странице заказа; покупатель получит ответ в любом случае.
cancel_requested-sms = { $shop }: покупатель просит отменить { $number }.
sms_budget_spent-subject = Бюджет SMS на этот месяц исчерпан
sms_budget_spent-body = { $shop } отправил столько SMS, сколько позволяет бюджет этого месяца. До конца месяца покупателям пишут по электронной почте, если они её указали; покупатель, указавший только номер телефона, сообщения не получит, и его заказ сообщит вам об этом. Заказ { $number } стал первым сообщением сверх бюджета. Чтобы снова отправлять SMS в этом месяце, попросите хостинг поднять бюджет (SMS_SEGMENTS_PER_MONTH).
sms_budget_spent-sms = { $shop }: бюджет SMS на месяц исчерпан; покупателям пишут по почте.
cancel_declined-subject = Заказ { $number } не удалось отменить
cancel_declined-body = Нам не удалось отменить заказ { $number }: он уже собран и отправляется к вам. После получения его можно вернуть со страницы заказа.
cancel_declined-sms = { $shop }: { $number } не отменён. { $link }
notice-cancel-requested = Просьба об отмене
notice-cancel-declined = Отмена отклонена
notice-sms-budget-spent = Бюджет SMS исчерпан
event-cancel-requested = Покупатель просит отменить
event-cancel-declined = Отмена отклонена
event-personal-data-erased = Персональные данные удалены
staff-do-cancel-decline = Продолжить выполнение
staff-cancel-requested = Покупатель просит отменить этот заказ. Отмените его ниже или продолжайте выполнение: покупатель получит ответ в любом случае.
staff-hint-cancel-requested = Покупатель просит отменить
page-cancel-title = Отменить заказ
page-cancel-now-text = Ещё ничего не собрано: заказ будет отменён сразу, а удержанная оплата освобождена.
page-cancel-now = Отменить мой заказ
page-cancel-ask-text = Заказ уже собирается: магазин сообщит, можно ли его ещё отменить.
page-cancel-ask = Попросить магазин отменить
page-cancel-asked = Вы попросили отменить этот заказ ({ $at }); магазин сообщит ответ.
page-cancel-declined = Магазин не смог отменить этот заказ. После получения его можно вернуть с этой страницы.
page-cancel-after = Заказ покинул магазин. После получения его можно вернуть с этой страницы.
refusal-cancel-too-late = Этот заказ уже нельзя отменить здесь. После получения его можно вернуть с его страницы.
staff-paid-in = Оплачено в { $currency }
order_cancelled-refund = Заказ был оплачен ({ $received }): верните деньги через платёжную систему или запишите на странице заказа возврат, сделанный иначе.

## Почему действие сотрудника отклонено
staff-refusal-transition = Невозможно для заказа в статусе «{ $status }».
staff-refusal-no-stock-question = Нет открытого вопроса о недостающем товаре.
staff-refusal-choice-not-offered = Такой вариант не предлагался.
staff-refusal-unpaid = Заказ не оплачен (оплата: { $payment }): он будет отправлен после оплаты или по решению сотрудников (отметьте отправку без оплаты).
staff-refusal-no-such-complaint = Нет претензии номер { $number }.
staff-refusal-complaint-settled = Претензия { $number } уже рассмотрена.
staff-refusal-all-returned = Все позиции уже возвращаются.
staff-refusal-no-such-return = Нет возврата номер { $number }.
staff-refusal-return-already = Возврат { $number } уже прошёл этот этап.
staff-refusal-refund-over-paid = Возврат превысил бы оплаченную сумму.
staff-refusal-not-an-amount = «{ $text }» — не сумма в валюте заказа ({ $currency }).
staff-refusal-not-cash-on-delivery = Заказ не оплачивается при получении.
staff-refusal-collection-recorded = Сумма, полученная курьером, уже записана.
staff-refusal-not-delivered-yet = Курьер получает оплату при доставке: заказ ещё не доставлен.
staff-refusal-paid-already = Заказ уже оплачен ({ $amount }).
staff-refusal-owed-only = К оплате осталось { $amount }, не больше.
staff-refusal-same-parcel = { $number } — посылка, отправленная ранее: укажите номер новой.
staff-refusal-day-passed = { $day } уже прошёл: укажите день, когда клиент может её ожидать.
staff-refusal-unknown-items = Ни одна позиция заказа не называется { $items }: укажите каждый недостающий товар по артикулу или названию позиции.
