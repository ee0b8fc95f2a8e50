# Классы, ученики, родители, письма с доступом.
classes-title = Классы
classes-no-year = Текущий учебный год ещё не создан.
classes-none = Нет классов, которые вам доступны.
classes-mine = мой класс
classes-students = { $n ->
    [one] { $n } ученик
    [few] { $n } ученика
   *[other] { $n } учеников
}
classes-class-title = { $name } — { $year }
classes-chief = Классный руководитель
classes-room = кабинет
classes-progress = Успеваемость
classes-attendance = Посещаемость за день
classes-timetable = Расписание
classes-diary = дневник
classes-empty = В классе пока нет учеников.
classes-add-student = Добавить ученика
people-birth-date = Дата рождения
people-birth-date-invalid = Проверьте дату рождения.
people-date-invalid = Укажите дату.
people-sex = Пол
people-sex-male = мужской
people-sex-female = женский
people-sign-in = Вход в систему
people-no-password = нет пароля
people-never-signed-in = не входил
people-parents = Родители
people-no-parents = Родители не указаны.
people-class = Класс
people-not-in-class = Не числится в классе
people-basic = Основные сведения
people-unlink = отвязать
people-add-parent = Добавить родителя
people-link-parent = Привязать существующую учётную запись
people-login-unknown = Учётной записи с таким логином нет.
people-relation = Кем приходится
people-movement = Движение
people-movement-kind = Событие
people-date = Дата
people-reason = Основание или причина
people-order = Приказ №
people-record-movement = Записать перевод или выбытие
people-to-class = В класс
movement-enrol = зачисление
movement-transfer = перевод
movement-withdraw = выбытие
relation-mother = мать
relation-father = отец
relation-guardian = опекун
relation-grandmother = бабушка
relation-grandfather = дедушка
relation-other = другое
letters-title = Письма с доступом
letters-intro = Отметьте, для кого напечатать письма. Отмечены все, у кого ещё нет пароля.
letters-print = Печатать
letters-warning = Печать выдаёт отмеченным новые одноразовые пароли: прежние пароли перестанут действовать. Пароли видны только на этой печати.
letters-print-button = Выдать пароли и напечатать
letters-ready = { $n ->
    [one] Готово { $n } письмо.
    [few] Готово { $n } письма.
   *[other] Готово { $n } писем.
}
letters-print-hint = Напечатайте страницу (Ctrl+P): пароли больше нигде не показываются.
letters-heading = Доступ к электронному дневнику
letters-parent-of = Родитель (законный представитель):
letters-instructions = Откройте адрес в браузере или наведите камеру телефона на QR-код, введите логин и пароль. При первом входе система попросит придумать свой пароль. Никому не сообщайте пароль.
letters-none-chosen = Отметьте хотя бы одного человека.
letters-not-in-class = В списке есть человек не из этого класса.
letters-staff-account = Пароли сотрудникам выдаёт администратор.
signins-class-title = Кто входил в систему
signins-class-summary = Входили { $signed } из { $total }.
signins-class-all = Показать всех
signins-class-never-only = Только тех, кто не входил
